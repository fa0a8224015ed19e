// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <cmath>

#include "store/alarm_event_json.hpp"
#include "store_test_data.hpp"

using namespace sw;
using namespace sw::store;
namespace data = sw::store::test;

TEST_CASE("an alarm event survives the trip to JSON and back with every field") {
  AlarmEvent e = data::methane_event(4);
  e.by = "dispatcher 王";
  e.point.is_switch = true;
  const AlarmEvent back = alarm_event_from_json(to_json(e));
  CHECK(back.alarm_id == e.alarm_id);
  CHECK(back.event_id == e.event_id);
  CHECK(back.kind == e.kind);
  CHECK(back.state == e.state);
  CHECK(back.rule == e.rule);
  CHECK(back.point.id == e.point.id);
  CHECK(back.point.bus == e.point.bus);
  CHECK(back.point.device == e.point.device);
  CHECK(back.point.name == e.point.name);
  CHECK(back.point.quantity == e.point.quantity);
  CHECK(back.point.unit == e.point.unit);
  CHECK(back.point.location == e.point.location);
  CHECK(back.point.is_switch);
  CHECK(back.point.poll_period == Millis{2000});
  CHECK(back.level == e.level);
  CHECK(back.priority == e.priority);
  CHECK(back.value == e.value);
  CHECK(back.threshold == e.threshold);
  CHECK(back.peak == e.peak);
  CHECK(back.major_hazard == e.major_hazard);
  CHECK(back.hazard_category == e.hazard_category);
  CHECK(back.clause == e.clause);
  CHECK(back.message == e.message);
  CHECK(back.by == e.by);
  CHECK(back.time == e.time);
  CHECK(back.raised_at == e.raised_at);
}

TEST_CASE("the ledger keeps a held-back step and a chattering count, and older records unchanged") {
  AlarmEvent held = data::methane_event(2);
  held.held_back = true;
  CHECK(alarm_event_from_json(to_json(held)).held_back);
  AlarmEvent count = data::methane_event(3);
  count.kind = AlarmEventKind::chattering;
  count.chatter = ChatterCount{5, 3, 2, from_epoch_ms(1'764'381'343'000), true};
  const AlarmEvent back = alarm_event_from_json(to_json(count));
  CHECK(back.chatter == count.chatter);
  CHECK_FALSE(back.held_back);
  // Neither key is written when unset: the hashed text of every other step stays what it was.
  const auto plain = to_json(data::methane_event(4));
  CHECK_FALSE(plain.contains("held_back"));
  CHECK_FALSE(plain.contains("chatter"));
}

TEST_CASE("alarm event JSON carries times as epoch milliseconds") {
  const auto j = to_json(data::methane_event(0, 1'764'381'343'123));
  CHECK(j.at("time_ms") == 1'764'381'343'123);
  CHECK(j.at("raised_at_ms") == 1'764'381'343'123);
  CHECK(j.at("point").at("poll_period_ms") == 2000);
}

TEST_CASE("the canonical JSON of an event is the same text every time, keys sorted") {
  const AlarmEvent e = data::methane_event(1);
  const std::string text = canonical_json(e);
  CHECK(text == canonical_json(alarm_event_from_json(nlohmann::json::parse(text))));
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.find("\"alarm_id\"") < text.find("\"by\""));
  CHECK(text.find("回风隅角甲烷") != std::string::npos);  // UTF-8 as is, not \u escapes
}

TEST_CASE("an event without a threshold or with a non-finite value still converts") {
  AlarmEvent e = data::methane_event(0);
  e.threshold.reset();
  e.value = std::nan("");
  const auto j = to_json(e);
  CHECK(j.at("threshold").is_null());
  CHECK(j.at("value").is_null());
  const AlarmEvent back = alarm_event_from_json(j);
  CHECK_FALSE(back.threshold.has_value());
  CHECK(std::isnan(back.value));
}

TEST_CASE("text from a device that is not UTF-8 is replaced, not refused") {
  AlarmEvent e = data::methane_event(0);
  e.message = "bad \xff\xfe bytes";
  CHECK_NOTHROW(canonical_json(e));
}

TEST_CASE("alarm event JSON with a missing or wrong key is refused, naming the key") {
  auto j = to_json(data::methane_event(0));
  j.erase("event_id");
  CHECK_THROWS_WITH(alarm_event_from_json(j), Catch::Contains("'event_id': missing"));
  j = to_json(data::methane_event(0));
  j["kind"] = "exploded";
  CHECK_THROWS_WITH(alarm_event_from_json(j), Catch::Contains("'kind': unknown kind 'exploded'"));
  j = to_json(data::methane_event(0));
  j["time_ms"] = "yesterday";
  CHECK_THROWS_WITH(alarm_event_from_json(j), Catch::Contains("'time_ms'"));
}
