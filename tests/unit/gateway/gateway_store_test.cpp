// SPDX-License-Identifier: Apache-2.0
// The store as the rules thread and the console use it: history written by point key and read by
// point id, keys kept across restarts, and maintain() holding the store to [store] max_size while
// the ledger and unsent alarms stay whole.
#include <catch2/catch.hpp>

#include <cmath>

#include "gateway_store.hpp"
#include "support/store_size.hpp"
#include "support/temp_dir.hpp"
#include "unit/store/store_test_data.hpp"

using namespace sw;

namespace {

constexpr std::int64_t kStart = 1'764'000'000'000;
constexpr std::int64_t kMB = 1 << 20;

config::StoreSettings settings_in(const sw::test::TempDir& dir, std::int64_t max_size = 1LL << 30) {
  config::StoreSettings s;
  s.path = dir.file("store.db");
  s.max_size = ByteSize{max_size};
  s.min_free = FreeSpace{0, std::nullopt};  // the test machine's free space must not matter
  return s;
}

store::OutboundMessage alarm_message(int n) {
  store::OutboundMessage m;
  m.id = "01JALARMMSG" + std::to_string(n);
  m.seq = n + 1;
  m.lane = store::Lane::alarm;
  m.topic = "sw/E1/gw/alarm";
  m.payload = std::string(300, 'a');
  m.created = from_epoch_ms(kStart);
  return m;
}

}  // namespace

TEST_CASE("history committed by point key is read back by point id, and keys outlive a restart") {
  sw::test::TempDir dir;
  std::vector<std::int64_t> keys;
  {
    GatewayStore store(settings_in(dir));
    keys = store.point_keys({"face3.ch4", "face3.co"});
    CommitBatch batch;
    batch.history = {{keys[0], kStart, 0.38, Quality::good},
                     {keys[1], kStart + 500, 12, Quality::good},
                     {keys[0], kStart + 1000, std::nan(""), Quality::comm_loss}};
    batch.statistics = {{keys[0], from_epoch_ms(kStart), Millis{300'000}, 0.3, 0.5, 0.4, 150}};
    REQUIRE(store.commit(batch));
    const auto ch4 =
        store.history("face3.ch4", from_epoch_ms(kStart), from_epoch_ms(kStart + 2000), 10);
    REQUIRE(ch4.size() == 2);
    CHECK(ch4[0].point == "face3.ch4");
    CHECK(ch4[0].value == 0.38);
    CHECK(ch4[1].quality == Quality::comm_loss);
    const auto all = store.history("", from_epoch_ms(kStart), from_epoch_ms(kStart + 2000), 10);
    REQUIRE(all.size() == 3);
    CHECK(all[1].point == "face3.co");
  }
  GatewayStore again(settings_in(dir));
  CHECK(again.point_keys({"face3.co", "face3.o2", "face3.ch4"})[0] == keys[1]);
  CHECK(again.point_keys({"face3.ch4"})[0] == keys[0]);
}

TEST_CASE(
    "maintain() keeps the store within a 2MB max_size and keeps the ledger and unsent alarms") {
  sw::test::TempDir dir;
  const auto settings = settings_in(dir, 2 * kMB);
  GatewayStore store(settings);
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back("p" + std::to_string(i));
  const auto keys = store.point_keys(ids);
  store.set_retention({}, Millis{30LL * 86'400'000});
  int events = 0;
  for (int turn = 0; turn < 400; ++turn) {
    const std::int64_t t = kStart + turn * 1000LL;
    CommitBatch batch;
    if (turn % 40 == 0) {
      batch.events.push_back(store::test::methane_event(events));
      batch.messages.push_back(alarm_message(events));
      ++events;
    }
    for (auto k : keys)
      for (int i = 0; i < 20; ++i)
        batch.history.push_back({k, t + i * 10, 0.1 / 3 * i, Quality::good});
    batch.last_seq = turn;
    REQUIRE(store.commit(batch));
    store.maintain(from_epoch_ms(t));
    INFO("turn " << turn);
    REQUIRE(sw::test::store_bytes_on_disk(settings.path) <= 2 * kMB);
  }
  const StorageHealth health = store.health();
  CHECK(health.budget_bytes == 2 * kMB);
  CHECK(health.size_bytes > 0);
  CHECK(health.size_bytes <= 2 * kMB);
  CHECK_FALSE(health.over_budget);
  // 800,000 samples went in; the newest turn is all there, the first is gone.
  CHECK(store.history("p7", from_epoch_ms(kStart + 399'000), from_epoch_ms(kStart + 400'000), 100)
            .size() == 20);
  CHECK(store.history("p7", from_epoch_ms(kStart), from_epoch_ms(kStart + 1000), 100).empty());
  const auto verdict = store.verify_ledger();
  CHECK(verdict.intact);
  CHECK(verdict.records == events);
  CHECK(store.outbox_stats().by_lane[static_cast<std::size_t>(store::Lane::alarm)] ==
        static_cast<std::size_t>(events));
}

TEST_CASE("a ledger alone over max_size is kept whole and health says over_budget") {
  sw::test::TempDir dir;
  GatewayStore store(settings_in(dir, kMB));
  for (int batch = 0; batch < 10; ++batch) {
    CommitBatch b;
    for (int i = 0; i < 300; ++i) b.events.push_back(store::test::methane_event(batch * 300 + i));
    REQUIRE(store.commit(b));
  }
  CHECK_FALSE(store.health().over_budget);
  store.maintain(from_epoch_ms(kStart));
  const StorageHealth health = store.health();
  CHECK(health.over_budget);
  CHECK(health.size_bytes > health.budget_bytes);
  CHECK(store.verify_ledger().records == 3000);
}

namespace {

// Hazard steps as the rules thread makes their messages: numbered from `seq` up.
GatewayStore::HazardMessageFn numbered_hazard_messages(std::int64_t& seq) {
  return [&seq](const store::HazardRecord& r, const store::HazardStep& step) {
    store::OutboundMessage m;
    m.id = "01JHAZARDMSG" + std::to_string(step.seq);
    m.seq = ++seq;
    m.lane = store::Lane::alarm;
    m.topic = "sw/E1/gw/hazard";
    m.payload = std::to_string(r.id) + " " + step.action;
    m.created = from_epoch_ms(kStart);
    return m;
  };
}

std::vector<std::string> hazard_payloads(GatewayStore& store) {
  std::vector<std::string> out;
  for (const auto& m : store.outbox().next(store::Lane::alarm, 0, 1000))
    if (m.topic == "sw/E1/gw/hazard") out.push_back(m.payload);
  return out;
}

}  // namespace

TEST_CASE("a major-hazard alarm committed with its ledger record opens a hazard record at once") {
  sw::test::TempDir dir;
  GatewayStore store(settings_in(dir));
  std::int64_t seq = 2;
  store.set_hazard_messages(numbered_hazard_messages(seq));
  CommitBatch batch;
  batch.events = {store::test::methane_event(0), store::test::methane_event(1)};  // 1: power_cut
  batch.last_seq = 2;
  REQUIRE(store.commit(batch));

  std::vector<store::HazardRecord> open;
  store.read_hazards([&](store::HazardRegister& r) { open = r.list(false); });
  REQUIRE(open.size() == 1);
  CHECK(open[0].alarm_id == batch.events[1].alarm_id);
  CHECK(open[0].source == store::HazardSource::monitoring);
  CHECK(store.verify_ledger().records == 2);

  const auto rectified = store.hazard_step([&](store::HazardRegister& r) {
    return r.rectify(open[0].id, "当场断电", {"李四", "root"}, from_epoch_ms(kStart));
  });
  CHECK(rectified.state == store::HazardState::rectified);
  // Each step's message went to the outbox with the step, numbered after the batch's messages.
  const std::string id = std::to_string(open[0].id);
  CHECK(hazard_payloads(store) == std::vector<std::string>{id + " opened", id + " rectified"});
  CHECK(store.last_seq() == 4);
}

TEST_CASE("a refused hazard step leaves no message and no number written") {
  sw::test::TempDir dir;
  GatewayStore store(settings_in(dir));
  std::int64_t seq = 10;
  store.set_hazard_messages(numbered_hazard_messages(seq));
  CHECK_THROWS_AS(store.hazard_step([](store::HazardRegister& r) {
    return r.close(99, "验收合格", {"王五", "root"}, from_epoch_ms(kStart));
  }),
                  store::HazardRefused);
  CHECK(hazard_payloads(store).empty());
  CHECK(store.last_seq() == 0);
}

TEST_CASE("last_seq never goes back when a commit numbered before a console step writes after it") {
  sw::test::TempDir dir;
  GatewayStore store(settings_in(dir));
  std::int64_t seq = 40;
  store.set_hazard_messages(numbered_hazard_messages(seq));
  store.hazard_step([](store::HazardRegister& r) {
    return r.add({store::HazardSource::self_inspection, false, "瓦斯超限作业", "", "传感器位置不当",
                  "", "张三", "root"},
                 from_epoch_ms(kStart));
  });
  CommitBatch batch;
  batch.messages = {alarm_message(1)};
  batch.last_seq = 40;  // taken by the rules thread before the console's step
  REQUIRE(store.commit(batch));
  CHECK(store.last_seq() == 41);
}

TEST_CASE("a message sent once per value of its key goes out once, across a restart") {
  sw::test::TempDir dir;
  std::int64_t seq = 70;
  const auto report = [&] {
    store::OutboundMessage m = alarm_message(static_cast<int>(++seq));
    m.seq = seq;
    m.lane = store::Lane::event;
    m.topic = "sw/E1/gw/report";
    return m;
  };
  const auto reports = [](GatewayStore& store) {
    std::size_t n = 0;
    for (const auto& m : store.outbox().next(store::Lane::event, 0, 100))
      n += m.topic == "sw/E1/gw/report" ? 1 : 0;
    return n;
  };
  {
    GatewayStore store(settings_in(dir));
    CHECK(store.send_once("report_sent", "2026-11", report));
    CHECK_FALSE(store.send_once("report_sent", "2026-11", report));
    CHECK(reports(store) == 1);
    CHECK(store.last_seq() == 71);
  }
  GatewayStore again(settings_in(dir));
  CHECK_FALSE(again.send_once("report_sent", "2026-11", report));
  CHECK(again.send_once("report_sent", "2026-12", report));
  CHECK(reports(again) == 2);
}
