// SPDX-License-Identifier: Apache-2.0
// A platform resend against a real store: stored history of a range goes to the outbox as
// telemetry marked resent, named from the running point table (or by id alone for a point the
// configuration no longer has), cut at the row limit with where to ask again from — built on the
// caller's thread, with no rules thread involved.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "gateway_store.hpp"
#include "history_resend.hpp"
#include "message_seq.hpp"
#include "support/temp_dir.hpp"
#include "unit/uplink/uplink_test_data.hpp"

using namespace sw;
using nlohmann::json;

namespace {

constexpr std::int64_t kStart = 1'764'000'000'000;

struct StoreWithHistory {
  sw::test::TempDir dir;
  GatewayStore store{[this] {
    config::StoreSettings s;
    s.path = dir.file("store.db");
    s.min_free = FreeSpace{0, std::nullopt};
    return s;
  }()};
  MessageSeq seq{store};

  // `rows` samples a second apart, alternating between `a` and `b`.
  void write(const std::string& a, const std::string& b, int rows) {
    const auto keys = store.point_keys({a, b});
    CommitBatch batch;
    for (int i = 0; i < rows; ++i)
      batch.history.push_back({keys[i % 2], kStart + i * 1000, 0.5 + i, Quality::good});
    store.commit(batch);
  }
  std::vector<json> telemetry_in_outbox() {
    std::vector<json> out;
    for (const auto& m : store.outbox().next(store::Lane::telemetry, 0, 1000))
      out.push_back(json::parse(m.payload));
    return out;
  }
};

std::shared_ptr<const std::vector<PointInfo>> one_point(const std::string& id,
                                                        const std::string& unit) {
  PointInfo p;
  p.id = id;
  p.unit = unit;
  p.index = 0;
  return std::make_shared<const std::vector<PointInfo>>(std::vector<PointInfo>{p});
}

HistoryResend resend_for(StoreWithHistory& s,
                         std::shared_ptr<const std::vector<PointInfo>> points) {
  return HistoryResend(
      s.store, s.seq,
      uplink::MessageEncoder(uplink::test::test_identity(), uplink::MessageFormat{}),
      uplink::test::test_topics(), std::move(points));
}

}  // namespace

TEST_CASE(
    "a resend queues the range's history as telemetry marked resent, on the caller's thread") {
  StoreWithHistory s;
  s.write("face3.ch4", "face3.gone", 10);
  ResendOutcome outcome;
  // Any thread will do: the platform's command dispatcher is the one that runs it.
  std::thread([&] {
    outcome = resend_for(s, one_point("face3.ch4", "%CH4"))
                  .run(from_epoch_ms(kStart + 2000), from_epoch_ms(kStart + 7000));
  }).join();
  CHECK(outcome.samples == 5);  // from 2 s up to, not including, 7 s: as history is read
  CHECK_FALSE(outcome.resume_from.has_value());
  const auto sent = s.telemetry_in_outbox();
  REQUIRE(sent.size() == 1);
  CHECK(outcome.bytes > 0);
  CHECK(sent[0]["resent"] == true);
  CHECK(sent[0]["kind"] == "telemetry");
  std::set<std::string> points;
  for (const auto& item : sent[0]["data"]["points"])
    points.insert(item["point"].get<std::string>());
  // A point the configuration no longer has still goes, by its id.
  CHECK(points == std::set<std::string>{"face3.ch4", "face3.gone"});
  CHECK(s.store.last_seq() >= sent[0]["seq"].get<std::int64_t>());
}

TEST_CASE("a resend over the row limit is cut at a whole millisecond and says where to go on") {
  StoreWithHistory s;
  s.write("face3.ch4", "face3.co", 1200);
  const ResendOutcome outcome =
      resend_for(s, one_point("face3.ch4", "%CH4"))
          .run(from_epoch_ms(kStart), from_epoch_ms(kStart + 2'000'000), 1000);
  CHECK(outcome.samples == 999);  // the 1,000th row's millisecond may have more: left for later
  REQUIRE(outcome.resume_from.has_value());
  CHECK(to_epoch_ms(*outcome.resume_from) == kStart + 999 * 1000);
  CHECK(s.telemetry_in_outbox().size() == 2);  // 500 samples a message
}

TEST_CASE("a resend of an empty range queues nothing") {
  StoreWithHistory s;
  const ResendOutcome outcome = resend_for(s, one_point("face3.ch4", "%CH4"))
                                    .run(from_epoch_ms(kStart), from_epoch_ms(kStart + 1000));
  CHECK(outcome.samples == 0);
  CHECK(outcome.bytes == 0);
  CHECK(s.telemetry_in_outbox().empty());
}
