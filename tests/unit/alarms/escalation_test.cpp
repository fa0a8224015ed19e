// SPDX-License-Identifier: Apache-2.0
// Levels of one source: escalation keeps the id and re-requires acknowledgement, de-escalation does
// not; the peak follows the worst value while active.
#include "alarm_fixtures.hpp"

namespace sw::alarms::test {

TEST_CASE("escalation keeps the alarm id, takes the new level and requires a new acknowledgement") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  REQUIRE_FALSE(b.acknowledge(id, "console:li", at(5)));

  b.apply(ch4_power_cut(1.62, at(9)));
  REQUIRE(b.out.size() == 1);
  const AlarmEvent& e = b.out[0];
  CHECK(e.kind == AlarmEventKind::escalated);
  CHECK(e.alarm_id == id);
  CHECK(e.state == AlarmState::unacknowledged);
  CHECK(e.level == "power_cut");
  CHECK(e.threshold == 1.5);
  CHECK(e.priority == 1);
  CHECK(e.value == 1.62);
  CHECK(e.peak == 1.62);
  CHECK(e.time == at(9));
  CHECK(e.raised_at == at(0));
  CHECK(b.record(id).acked_by.empty());  // the old acknowledgement no longer stands
  CHECK_FALSE(b.record(id).acked_at);

  REQUIRE_FALSE(b.acknowledge(id, "console:wang", at(12)));
  CHECK(b.record(id).state == AlarmState::acknowledged);
  CHECK(b.record(id).acked_by == "console:wang");
}

TEST_CASE("escalating an unacknowledged alarm leaves it unacknowledged") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.apply(ch4_power_cut(1.55, at(3)));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::escalated});
  CHECK(b.record(id).state == AlarmState::unacknowledged);
}

TEST_CASE("de-escalation announces the lower level and keeps the acknowledgement") {
  Book b;
  const std::string id = b.raise(ch4_power_cut(1.7, at(0)));
  b.acknowledge(id, "console:li", at(2));

  b.apply(ch4_alarm(1.3, at(6)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::deescalated);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].state == AlarmState::acknowledged);
  CHECK(b.out[0].level == "alarm");
  CHECK(b.out[0].threshold == 1.0);
  CHECK(b.out[0].priority == 2);
  CHECK(b.out[0].value == 1.3);
  CHECK(b.out[0].peak == 1.7);
  CHECK(b.record(id).acked_by == "console:li");
}

TEST_CASE("the peak of a high limit is the largest value while active, carried in every event") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  CHECK(b.apply(ch4_alarm(1.35, at(1))).empty());  // same level: tracked, not announced
  CHECK(b.apply(ch4_alarm(1.2, at(2))).empty());
  CHECK(b.record(id).peak == 1.35);
  CHECK(b.record(id).value == 1.2);

  b.acknowledge(id, "console:li", at(3));
  CHECK(b.out[0].peak == 1.35);
  b.apply(ch4_power_cut(1.52, at(4)));
  CHECK(b.out[0].peak == 1.52);
  b.apply(ch4_alarm(1.1, at(5)));
  CHECK(b.out[0].peak == 1.52);
  b.acknowledge(id, "console:li", at(6));
  b.apply(cleared(kCh4, 0.6, at(7)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].value == 0.6);  // the value at the clear
  CHECK(b.out[0].peak == 1.52);  // is not "while active": the peak stays
}

TEST_CASE("the peak of a low limit is the smallest value while active") {
  Book b;
  const std::string id = b.raise(o2_low(19.4, at(0)));
  b.apply(o2_low(18.2, at(1)));
  b.apply(o2_low(18.9, at(2)));
  CHECK(b.record(id).peak == 18.2);
  b.apply(cleared(kO2, 20.3, at(3)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].peak == 18.2);
  CHECK(b.out[0].value == 20.3);
}

TEST_CASE("a condition at the same level that becomes a major hazard is an escalation") {
  Book b;
  const std::string id = b.raise(sensor_fault(false, at(0)));
  b.acknowledge(id, "console:li", at(1));

  b.apply(sensor_fault(true, at(3600)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::escalated);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].state == AlarmState::unacknowledged);
  CHECK(b.out[0].major_hazard);
  CHECK(b.out[0].hazard_category == "监控系统不能正常运行");
  CHECK(b.out[0].priority == 1);
}

TEST_CASE("same-level updates are silent and persisted only when something worth keeping moved") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.book.take_changes();

  CHECK(b.apply(ch4_alarm(1.3, at(1))).empty());
  auto changes = b.book.take_changes();
  REQUIRE(changes.changed.size() == 1);  // the peak moved
  CHECK(changes.changed[0].peak == 1.3);

  CHECK(b.apply(ch4_alarm(1.2, at(2))).empty());
  CHECK(b.book.take_changes().changed.empty());  // only the value moved
  CHECK(b.record(id).value == 1.2);              // yet the console sees it
}

}  // namespace sw::alarms::test
