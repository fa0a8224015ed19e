// SPDX-License-Identifier: Apache-2.0
// The contract every Outbox keeps, run against each implementation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "outbox_fixtures.hpp"

using namespace sw;
using namespace sw::store;
using namespace sw::store::test;

namespace {

std::vector<std::string> ids_of(const std::vector<OutboundMessage>& messages) {
  std::vector<std::string> ids;
  for (const auto& m : messages) ids.push_back(m.id);
  return ids;
}

std::vector<std::int64_t> rows_of(const std::vector<OutboundMessage>& messages) {
  std::vector<std::int64_t> rows;
  for (const auto& m : messages) rows.push_back(m.row);
  return rows;
}

std::vector<OutboundMessage> batch_of(Lane lane, const std::string& prefix, int count,
                                      std::int64_t first_ms = 1000) {
  std::vector<OutboundMessage> out;
  for (int i = 0; i < count; ++i)
    out.push_back(message(lane, prefix + std::to_string(i), first_ms + i));
  return out;
}

}  // namespace

#define OUTBOX_FIXTURES MemoryOutboxFixture, SqliteOutboxFixture, FailoverOutboxFixture

TEMPLATE_TEST_CASE("an outbox hands messages back in the order they were added, with every field",
                   "[outbox]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  auto batch = batch_of(Lane::alarm, "a", 5);
  batch[2].seq = 42;
  outbox.add(batch);

  const auto got = outbox.next(Lane::alarm, 0, 100);
  REQUIRE(ids_of(got) == std::vector<std::string>{"a0", "a1", "a2", "a3", "a4"});
  CHECK(got[2].seq == 42);
  CHECK(got[2].lane == Lane::alarm);
  CHECK(got[2].topic == "sw/e/g/alarm");
  CHECK(got[2].payload == R"({"id":"a2","resent":false})");
  CHECK(got[2].point == "face3.ch4");
  CHECK(to_epoch_ms(got[2].created) == 1002);
  CHECK(rows_of(got) == rows_of(batch));
}

TEMPLATE_TEST_CASE("an outbox assigns rows that increase across adds and are never reused",
                   "[outbox]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  auto first = batch_of(Lane::telemetry, "t", 3);
  outbox.add(first);
  outbox.remove(rows_of(first));  // emptied: a reused row would now look like an old message
  auto second = batch_of(Lane::alarm, "a", 3);
  outbox.add(second);

  std::vector<std::int64_t> rows = rows_of(first);
  for (auto r : rows_of(second)) rows.push_back(r);
  CHECK(std::is_sorted(rows.begin(), rows.end()));
  CHECK(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
  CHECK(rows.front() > 0);
}

TEMPLATE_TEST_CASE("an outbox keeps lanes apart and pages through one lane after a row", "[outbox]",
                   OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  std::vector<OutboundMessage> mixed{message(Lane::telemetry, "t0"), message(Lane::alarm, "a0"),
                                     message(Lane::status, "s0"),    message(Lane::alarm, "a1"),
                                     message(Lane::event, "e0"),     message(Lane::alarm, "a2")};
  outbox.add(mixed);

  CHECK(ids_of(outbox.next(Lane::telemetry, 0, 10)) == std::vector<std::string>{"t0"});
  CHECK(ids_of(outbox.next(Lane::status, 0, 10)) == std::vector<std::string>{"s0"});
  CHECK(ids_of(outbox.next(Lane::event, 0, 10)) == std::vector<std::string>{"e0"});

  const auto page1 = outbox.next(Lane::alarm, 0, 2);
  REQUIRE(ids_of(page1) == std::vector<std::string>{"a0", "a1"});
  const auto page2 = outbox.next(Lane::alarm, page1.back().row, 2);
  CHECK(ids_of(page2) == std::vector<std::string>{"a2"});
  CHECK(outbox.next(Lane::alarm, page2.back().row, 2).empty());
}

TEMPLATE_TEST_CASE("an outbox forgets only the rows removed, and removing twice is harmless",
                   "[outbox]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  auto batch = batch_of(Lane::alarm, "a", 4);
  outbox.add(batch);

  outbox.remove({batch[0].row, batch[2].row});
  outbox.remove({batch[0].row, 999'999});
  CHECK(ids_of(outbox.next(Lane::alarm, 0, 10)) == std::vector<std::string>{"a1", "a3"});
  CHECK(outbox.stats().depth == 2);
}

TEMPLATE_TEST_CASE("a full outbox sheds its oldest telemetry and counts it, but never an alarm",
                   "[outbox]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(10);
  auto telemetry = batch_of(Lane::telemetry, "t", 6);
  outbox.add(telemetry);
  auto alarms = batch_of(Lane::alarm, "a", 7);
  outbox.add(alarms);

  // 13 messages, bound 10: the three oldest telemetry messages went.
  CHECK(ids_of(outbox.next(Lane::telemetry, 0, 100)) == std::vector<std::string>{"t3", "t4", "t5"});
  CHECK(outbox.next(Lane::alarm, 0, 100).size() == 7);
  CHECK(outbox.stats().dropped_telemetry == 3);
  CHECK(outbox.stats().depth == 10);

  // With no telemetry left to shed, alarms still go in: the bound never costs an alarm.
  auto more_alarms = batch_of(Lane::alarm, "b", 6);
  outbox.add(more_alarms);
  const auto stats = outbox.stats();
  CHECK(stats.by_lane[static_cast<int>(Lane::alarm)] == 13);
  CHECK(stats.by_lane[static_cast<int>(Lane::telemetry)] == 0);
  CHECK(stats.dropped_telemetry == 6);

  // A telemetry message arriving at an outbox full of alarms is itself the oldest telemetry.
  std::vector<OutboundMessage> late{message(Lane::telemetry, "late")};
  outbox.add(late);
  CHECK(outbox.next(Lane::telemetry, 0, 10).empty());
  CHECK(outbox.stats().dropped_telemetry == 7);
}

TEMPLATE_TEST_CASE(
    "an outbox full by bytes sheds its oldest telemetry, never an alarm, and counts "
    "the bytes of what waits",
    "[outbox]", OUTBOX_FIXTURES) {
  TestType fixture;
  // Each message's payload below is 1,000 bytes (UTF-8: 中 is three); bound: 4,500 bytes.
  Outbox& outbox = fixture.make(1000, 4500);
  const auto sized = [](Lane lane, const std::string& id) {
    OutboundMessage m = message(lane, id);
    m.payload = std::string(997 - id.size(), 'x') + "中" + id;
    REQUIRE(m.payload.size() == 1000);
    return m;
  };
  std::vector<OutboundMessage> first;
  for (int i = 0; i < 4; ++i) first.push_back(sized(Lane::telemetry, "t" + std::to_string(i)));
  outbox.add(first);
  CHECK(outbox.stats().bytes == 4000);
  CHECK(outbox.stats().dropped_telemetry == 0);

  std::vector<OutboundMessage> alarms{sized(Lane::alarm, "a0"), sized(Lane::alarm, "a1")};
  outbox.add(alarms);
  // 6,000 bytes, bound 4,500: the two oldest telemetry went.
  CHECK(ids_of(outbox.next(Lane::telemetry, 0, 10)) == std::vector<std::string>{"t2", "t3"});
  CHECK(outbox.next(Lane::alarm, 0, 10).size() == 2);
  auto stats = outbox.stats();
  CHECK(stats.bytes == 4000);
  CHECK(stats.dropped_telemetry == 2);

  // Alarms alone over the bound stay, every one.
  std::vector<OutboundMessage> more{sized(Lane::alarm, "a2"), sized(Lane::alarm, "a3"),
                                    sized(Lane::alarm, "a4")};
  outbox.add(more);
  stats = outbox.stats();
  CHECK(stats.by_lane[static_cast<int>(Lane::alarm)] == 5);
  CHECK(stats.by_lane[static_cast<int>(Lane::telemetry)] == 0);
  CHECK(stats.bytes == 5000);

  outbox.remove({alarms[0].row});
  CHECK(outbox.stats().bytes == 4000);
}

TEMPLATE_TEST_CASE("an outbox never sheds events or status messages for the bound", "[outbox]",
                   OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(3);
  std::vector<OutboundMessage> batch{message(Lane::event, "e0"), message(Lane::status, "s0"),
                                     message(Lane::event, "e1"), message(Lane::status, "s1")};
  outbox.add(batch);
  CHECK(outbox.stats().depth == 4);
  CHECK(outbox.stats().dropped_telemetry == 0);
}

TEMPLATE_TEST_CASE("outbox stats give depth per lane and the oldest message's time", "[outbox]",
                   OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  CHECK(outbox.stats().depth == 0);
  CHECK_FALSE(outbox.stats().oldest.has_value());

  std::vector<OutboundMessage> batch{
      message(Lane::telemetry, "t0", 5000), message(Lane::alarm, "a0", 7000),
      message(Lane::alarm, "a1", 8000), message(Lane::status, "s0", 9000)};
  outbox.add(batch);
  auto stats = outbox.stats();
  CHECK(stats.depth == 4);
  CHECK(stats.by_lane[static_cast<int>(Lane::alarm)] == 2);
  CHECK(stats.by_lane[static_cast<int>(Lane::event)] == 0);
  CHECK(stats.by_lane[static_cast<int>(Lane::status)] == 1);
  CHECK(stats.by_lane[static_cast<int>(Lane::telemetry)] == 1);
  REQUIRE(stats.oldest.has_value());
  CHECK(to_epoch_ms(*stats.oldest) == 5000);

  outbox.remove({batch[0].row});
  stats = outbox.stats();
  CHECK(stats.depth == 3);
  CHECK(to_epoch_ms(*stats.oldest) == 7000);
}

TEMPLATE_TEST_CASE(
    "an outbox sets a refused message aside with its reason, lists it, and puts it "
    "back at the end of its lane",
    "[outbox][dead-letters]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(1000);
  auto batch = batch_of(Lane::alarm, "a", 3);
  outbox.add(batch);
  outbox.set_aside(batch[1].row, "broker refused: Not authorized (MQTT 5 reason 135)");
  outbox.set_aside(batch[1].row, "again");  // gone from the outbox already: ignored

  CHECK(ids_of(outbox.next(Lane::alarm, 0, 10)) == std::vector<std::string>{"a0", "a2"});
  auto stats = outbox.stats();
  CHECK(stats.depth == 2);
  CHECK(stats.dead_letters == 1);
  const auto dead = outbox.dead_letters(10);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].message.id == "a1");
  CHECK(dead[0].message.lane == Lane::alarm);
  CHECK(dead[0].message.topic == "sw/e/g/alarm");
  CHECK(dead[0].message.payload == R"({"id":"a1","resent":false})");
  CHECK(dead[0].message.point == "face3.ch4");
  CHECK(to_epoch_ms(dead[0].message.created) == 1001);
  CHECK(dead[0].reason == "broker refused: Not authorized (MQTT 5 reason 135)");

  CHECK(outbox.requeue_dead_letters() == 1);
  CHECK(outbox.stats().dead_letters == 0);
  CHECK(outbox.dead_letters(10).empty());
  const auto after = outbox.next(Lane::alarm, 0, 10);
  REQUIRE(ids_of(after) == std::vector<std::string>{"a0", "a2", "a1"});
  CHECK(after[2].row > batch[2].row);            // a new row: a cursor past a2 still finds it
  CHECK(to_epoch_ms(after[2].created) == 1001);  // created then: it goes out marked resent
  CHECK(outbox.requeue_dead_letters() == 0);
}

TEMPLATE_TEST_CASE(
    "telemetry dead letters are bounded and the excess counted as shed, alarm dead "
    "letters are all kept",
    "[outbox][dead-letters]", OUTBOX_FIXTURES) {
  TestType fixture;
  Outbox& outbox = fixture.make(100'000);
  constexpr int kTelemetry = static_cast<int>(kMaxTelemetryDeadLetters) + 5;
  auto telemetry = batch_of(Lane::telemetry, "t", kTelemetry);
  outbox.add(telemetry);
  auto alarms = batch_of(Lane::alarm, "a", 2);
  outbox.add(alarms);
  outbox.set_aside(alarms[0].row, "refused");
  for (const auto& m : telemetry) outbox.set_aside(m.row, "refused");
  outbox.set_aside(alarms[1].row, "refused");

  const auto stats = outbox.stats();
  CHECK(stats.dead_letters == kMaxTelemetryDeadLetters + 2);
  CHECK(stats.dropped_telemetry == 5);
  CHECK(stats.depth == 0);
  const auto dead = outbox.dead_letters(100'000);
  REQUIRE(dead.size() == kMaxTelemetryDeadLetters + 2);
  CHECK(dead.front().message.id == "a0");
  CHECK(dead[1].message.id == "t5");  // the oldest five went
  CHECK(dead.back().message.id == "a1");
}

TEST_CASE(
    "the failover outbox hands out durable rows first, then what the memory fallback took, and "
    "removes across both") {
  FailoverOutboxFixture fixture;
  Outbox& outbox = fixture.make(1000);
  // Every message of a lane as the publisher reads it: a page at a time, after the last row.
  const auto read_all = [&outbox] {
    std::vector<OutboundMessage> all;
    for (std::int64_t after = 0;;) {
      const auto page = outbox.next(Lane::alarm, after, 100);
      if (page.empty()) return all;
      after = page.back().row;
      all.insert(all.end(), page.begin(), page.end());
    }
  };
  auto durable = batch_of(Lane::alarm, "d", 2);
  outbox.add(durable);
  auto fallback = batch_of(Lane::alarm, "m", 2);  // the disk failed: these went to memory
  fixture.memory->add(fallback);

  auto got = read_all();
  REQUIRE(ids_of(got) == std::vector<std::string>{"d0", "d1", "m0", "m1"});
  CHECK(got[2].row >= FailoverOutbox::kMemoryRowBase);
  CHECK(outbox.stats().by_lane[static_cast<std::size_t>(Lane::alarm)] == 4);

  // The disk works again: a durable row added after the cursor moved into memory is still found.
  auto later = batch_of(Lane::alarm, "d-late", 1);
  outbox.add(later);
  const auto after_memory = outbox.next(Lane::alarm, got.back().row, 100);
  REQUIRE(ids_of(after_memory) == std::vector<std::string>{"d-late0"});

  outbox.remove({got[0].row, got[2].row});
  CHECK(ids_of(read_all()) == std::vector<std::string>{"d1", "d-late0", "m1"});
  CHECK(outbox.stats().depth == 3);
}
