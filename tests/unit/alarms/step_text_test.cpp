// SPDX-License-Identifier: Apache-2.0
// Each alarm step's text describes that step (issue 18): the raise says the value and the
// threshold (the rule's own text), an escalation says where it came from, and the clear says the
// value now, the peak and how long it lasted — never the raise's stale value.
#include "alarm_fixtures.hpp"

namespace sw::alarms::test {

TEST_CASE("a cleared step says the value now, the peak and how long the condition lasted") {
  Book b;
  b.raise(ch4_alarm(1.2, at(0)));
  b.apply(ch4_alarm(1.42, at(3)));
  const auto& events = b.apply(cleared(kCh4, 0.4, at(65)));
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == AlarmEventKind::cleared);
  CHECK(events[0].message ==
        "back to normal: 回风隅角甲烷 0.40 %CH4 (alarm ≥ 1.00); peak 1.42 %CH4; lasted 65s");
}

TEST_CASE("a low limit's clear names its threshold as a minimum") {
  Book b;
  b.raise(o2_low(19.2, at(0)));
  const auto& events = b.apply(cleared(kO2, 20.4, at(12)));
  REQUIRE(events.size() == 1);
  CHECK(events[0].message ==
        "back to normal: 进风流氧气 20.40 %vol (low ≤ 20.00); peak 19.20 %vol; lasted 12s");
}

TEST_CASE("an escalation says which level it came from, with the new level's text") {
  Book b;
  b.raise(ch4_alarm(1.2, at(0)));
  const auto& events = b.apply(ch4_power_cut(1.61, at(2)));
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == AlarmEventKind::escalated);
  CHECK(events[0].message == "escalated from alarm; 回风隅角甲烷 power_cut");
}

}  // namespace sw::alarms::test
