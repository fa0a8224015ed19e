// SPDX-License-Identifier: Apache-2.0
// The ISA-18.2 / IEC 62682 lifecycle: normal → unacknowledged → acknowledged → normal, and
// unacknowledged → returned_unacknowledged → normal.
#include <set>

#include "alarm_fixtures.hpp"

namespace sw::alarms::test {

TEST_CASE("a condition becoming active raises an unacknowledged alarm carrying all it knows") {
  Book b;
  const auto& events = b.apply(ch4_alarm(1.12, at(10)));
  REQUIRE(events.size() == 1);
  const AlarmEvent& e = events.front();
  CHECK(e.kind == AlarmEventKind::raised);
  CHECK(e.state == AlarmState::unacknowledged);
  CHECK(e.alarm_id.size() == 26);
  CHECK(e.event_id.size() == 26);
  CHECK(e.event_id != e.alarm_id);
  CHECK(e.rule == "limit");
  CHECK(e.point.id == "face3.ch4");
  CHECK(e.point.name == "回风隅角甲烷");  // through the point_info callback
  CHECK(e.point.unit == "%CH4");
  CHECK(e.point.location == "3号采煤工作面");
  CHECK(e.level == "alarm");
  CHECK(e.priority == 2);
  CHECK(e.value == 1.12);
  CHECK(e.threshold == 1.0);
  CHECK(e.peak == 1.12);
  CHECK_FALSE(e.major_hazard);
  CHECK(e.hazard_category == "瓦斯超限作业");
  CHECK(e.clause == "煤矿安全规程 第498条");
  CHECK(e.message == "回风隅角甲烷 alarm");
  CHECK(e.by.empty());
  CHECK(e.time == at(10));
  CHECK(e.raised_at == at(10));
}

TEST_CASE("an acknowledged alarm stays until its condition clears, then returns to normal") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));

  REQUIRE_FALSE(b.acknowledge(id, "console:li", at(5)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::acknowledged);
  CHECK(b.out[0].state == AlarmState::acknowledged);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].by == "console:li");
  CHECK(b.out[0].time == at(5));  // the action's time, not the condition's
  CHECK(b.out[0].raised_at == at(0));
  CHECK(b.record(id).acked_by == "console:li");
  CHECK(b.record(id).acked_at == at(5));

  b.apply(cleared(kCh4, 0.8, at(20)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::cleared);
  CHECK(b.out[0].state == AlarmState::normal);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].value == 0.8);
  CHECK(b.out[0].peak == 1.1);
  CHECK(b.out[0].time == at(20));
  CHECK(b.book.find(id) == nullptr);
  CHECK(b.book.current().empty());
}

TEST_CASE("an alarm that clears before anyone acknowledges it waits as returned_unacknowledged") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));

  b.apply(cleared(kCh4, 0.9, at(8)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::cleared);
  CHECK(b.out[0].state == AlarmState::returned_unacknowledged);
  CHECK(b.record(id).state == AlarmState::returned_unacknowledged);
  CHECK_FALSE(b.record(id).condition_active);
  CHECK(b.book.current().size() == 1);

  REQUIRE_FALSE(b.acknowledge(id, "platform:zhang", at(30)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::acknowledged);
  CHECK(b.out[0].state == AlarmState::normal);
  CHECK(b.out[0].by == "platform:zhang");
  CHECK(b.book.find(id) == nullptr);
}

TEST_CASE("a returned alarm active again before its acknowledgement is raised again under its id") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.4, at(0)));
  b.apply(cleared(kCh4, 0.9, at(10)));

  b.apply(ch4_alarm(1.2, at(20)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::raised);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].state == AlarmState::unacknowledged);
  CHECK(b.out[0].raised_at == at(0));  // the alarm's life began at the first raise
  CHECK(b.out[0].peak == 1.4);         // the worst value of this alarm's life so far
}

TEST_CASE("after an alarm ends, its source's next activation is a new alarm with a new id") {
  Book b;
  const std::string first = b.raise(ch4_alarm(1.1, at(0)));
  b.acknowledge(first, "console:li", at(1));
  b.apply(cleared(kCh4, 0.5, at(2)));

  const std::string second = b.raise(ch4_alarm(1.05, at(100)));
  CHECK(second != first);
  CHECK(b.out[0].peak == 1.05);  // a new alarm's peak starts afresh
  CHECK(b.out[0].raised_at == at(100));
}

TEST_CASE("an inactive condition for a source without an alarm is ignored") {
  Book b;
  CHECK(b.apply(cleared(kCh4, 0.1, at(0))).empty());
  CHECK(b.book.current().empty());
  const auto changes = b.book.take_changes();
  CHECK(changes.changed.empty());
  CHECK(changes.ended_sources.empty());
}

TEST_CASE("an inactive condition repeated for a returned alarm changes nothing") {
  Book b;
  b.raise(ch4_alarm(1.1, at(0)));
  b.apply(cleared(kCh4, 0.9, at(1)));
  b.book.take_changes();
  CHECK(b.apply(cleared(kCh4, 0.8, at(2))).empty());
  CHECK(b.book.take_changes().changed.empty());
}

TEST_CASE("every event has its own event id while the alarm keeps one alarm id") {
  Book b;
  std::vector<AlarmEvent> all;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  all.insert(all.end(), b.out.begin(), b.out.end());
  b.apply(ch4_power_cut(1.6, at(1)));
  all.insert(all.end(), b.out.begin(), b.out.end());
  b.acknowledge(id, "console:li", at(2));
  all.insert(all.end(), b.out.begin(), b.out.end());
  b.apply(ch4_alarm(1.2, at(3)));
  all.insert(all.end(), b.out.begin(), b.out.end());
  b.apply(cleared(kCh4, 0.4, at(4)));
  all.insert(all.end(), b.out.begin(), b.out.end());

  REQUIRE(all.size() == 5);
  std::set<std::string> event_ids;
  for (const auto& e : all) {
    CHECK(e.alarm_id == id);
    event_ids.insert(e.event_id);
  }
  CHECK(event_ids.size() == all.size());
}

TEST_CASE("current lists alarms not back to normal, most urgent first, then oldest first") {
  Book b;
  const std::string o2 = b.raise(o2_low(19.0, at(0)));            // priority 2, raised first
  const std::string ch4_id = b.raise(ch4_alarm(1.1, at(10)));     // priority 2, later
  const std::string fault = b.raise(sensor_fault(true, at(20)));  // priority 1, latest
  b.apply(cleared(kO2, 20.5, at(30)));                            // returned, not acked

  const auto current = b.book.current();
  REQUIRE(current.size() == 3);
  CHECK(current[0].alarm_id == fault);
  CHECK(current[1].alarm_id == o2);
  CHECK(current[2].alarm_id == ch4_id);
  CHECK(current[1].state == AlarmState::returned_unacknowledged);
}

TEST_CASE("find and find_by_source answer for live alarms only") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  REQUIRE(b.book.find(id) != nullptr);
  CHECK(b.book.find(id)->source == kCh4);
  CHECK(b.book.find_by_source(kCh4)->alarm_id == id);
  CHECK(b.book.find("01ARZ3NDEKTSV4RRFFQ69G5FAV") == nullptr);
  CHECK(b.book.find_by_source(kO2) == nullptr);
}

TEST_CASE("take_changes gives records to upsert and sources to delete, never both for one source") {
  Book b;
  const std::string ch4_id = b.raise(ch4_alarm(1.1, at(0)));
  b.raise(o2_low(19.0, at(1)));
  auto changes = b.book.take_changes();
  CHECK(changes.changed.size() == 2);
  CHECK(changes.ended_sources.empty());
  CHECK(b.book.take_changes().changed.empty());  // taken means taken

  SECTION("an alarm that ends is only deleted") {
    b.acknowledge(ch4_id, "console:li", at(2));
    b.apply(cleared(kCh4, 0.5, at(3)));
    changes = b.book.take_changes();
    CHECK(changes.changed.empty());
    CHECK(changes.ended_sources == std::vector<std::string>{kCh4});
  }
  SECTION("an alarm that ends and is raised again within one batch is only upserted") {
    b.acknowledge(ch4_id, "console:li", at(2));
    b.apply(cleared(kCh4, 0.5, at(3)));
    const std::string again = b.raise(ch4_alarm(1.2, at(4)));
    changes = b.book.take_changes();
    REQUIRE(changes.changed.size() == 1);
    CHECK(changes.changed[0].alarm_id == again);
    CHECK(changes.ended_sources.empty());
  }
  SECTION("an operator action is a change to persist") {
    b.acknowledge(ch4_id, "console:li", at(2));
    changes = b.book.take_changes();
    REQUIRE(changes.changed.size() == 1);
    CHECK(changes.changed[0].state == AlarmState::acknowledged);
    CHECK(changes.changed[0].last_change == at(2));
  }
}

}  // namespace sw::alarms::test
