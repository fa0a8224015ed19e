// SPDX-License-Identifier: Apache-2.0
// Shelving (time-limited, by an operator) and out of service (maintenance): the alarm is hidden,
// its condition tracked silently, and revealing it re-annunciates or ends it (ISA-18.2 / IEC
// 62682).
#include "alarm_fixtures.hpp"

namespace sw::alarms::test {

TEST_CASE(
    "a shelved alarm records its returns and re-trips, marked shelved, and re-annunciates "
    "if still active when unshelved") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.acknowledge(id, "console:li", at(1));

  REQUIRE_FALSE(b.shelve(id, 1h, "console:li", at(10)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::shelved);
  CHECK(b.out[0].state == AlarmState::shelved);
  CHECK(b.out[0].by == "console:li");
  CHECK(b.out[0].time == at(10));
  CHECK(b.out[0].message.find("until") != std::string::npos);
  CHECK(b.record(id).shelved_until == at(10 + 3600));
  CHECK(b.record(id).hidden_by == "console:li");

  // ISA-18.2: shelving suppresses annunciation, not the record: the platform hears both.
  const auto returned = b.apply(cleared(kCh4, 0.8, at(20)));
  REQUIRE(returned.size() == 1);
  CHECK(returned[0].kind == AlarmEventKind::cleared);
  CHECK(returned[0].state == AlarmState::shelved);
  CHECK(returned[0].shelved);
  CHECK(returned[0].value == 0.8);
  CHECK(returned[0].message.rfind("while shelved; back to normal: 回风隅角甲烷 0.80 %CH4", 0) == 0);
  CHECK_FALSE(b.record(id).condition_active);
  const auto tripped = b.apply(ch4_alarm(1.25, at(30)));
  REQUIRE(tripped.size() == 1);
  CHECK(tripped[0].kind == AlarmEventKind::raised);
  CHECK(tripped[0].state == AlarmState::shelved);
  CHECK(tripped[0].shelved);
  CHECK(tripped[0].alarm_id == id);
  CHECK(tripped[0].value == 1.25);
  CHECK(b.apply(ch4_alarm(1.25, at(31))).empty());  // still active: nothing new to record
  CHECK(b.record(id).condition_active);
  CHECK(b.record(id).peak == 1.25);
  CHECK(b.record(id).state == AlarmState::shelved);

  REQUIRE_FALSE(b.unshelve(id, "console:wang", at(40)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::unshelved);
  CHECK_FALSE(b.out[0].shelved);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].state == AlarmState::unacknowledged);  // needs a fresh acknowledgement
  CHECK(b.out[0].by == "console:wang");
  CHECK(b.out[0].value == 1.25);
  CHECK(b.record(id).acked_by.empty());
  CHECK_FALSE(b.record(id).shelved_until);
}

TEST_CASE("a shelved alarm whose condition cleared ends when it is unshelved") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 30min, "console:li", at(1));
  CHECK(kinds(b.apply(cleared(kCh4, 0.7, at(2)))) == std::vector{AlarmEventKind::cleared});

  REQUIRE_FALSE(b.unshelve(id, "console:li", at(3)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::unshelved);
  CHECK(b.out[0].state == AlarmState::normal);
  CHECK(b.book.find(id) == nullptr);
  CHECK(b.book.take_changes().ended_sources == std::vector<std::string>{kCh4});
}

TEST_CASE("shelving expires on the tick at its expiry and not before") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 30min, "console:li", at(100));

  CHECK(b.tick(at(100 + 1799)).empty());
  CHECK(b.record(id).state == AlarmState::shelved);

  b.tick(at(100 + 1800));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::unshelved);
  CHECK(b.out[0].state == AlarmState::unacknowledged);
  CHECK(b.out[0].by.empty());  // nobody unshelved it: the timer did
  CHECK(b.out[0].message.find("shelving expired") == 0);
  CHECK(b.out[0].time == at(1900));
  CHECK(b.tick(at(5000)).empty());
}

TEST_CASE("shelving an alarm already shelved sets a new expiry") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 10min, "console:li", at(0));
  REQUIRE_FALSE(b.shelve(id, 1h, "console:wang", at(300)));
  CHECK(kinds(b.out) == std::vector{AlarmEventKind::shelved});
  CHECK(b.record(id).shelved_until == at(300 + 3600));
  CHECK(b.record(id).hidden_by == "console:wang");
  CHECK(b.tick(at(601)).empty());
}

TEST_CASE("a major-hazard alarm cannot be shelved unless the site allows it") {
  SECTION("by default it is refused with the reason") {
    Book b;
    const std::string id = b.raise(sensor_fault(true, at(0)));
    const Refusal r = b.shelve(id, 10min, "console:li", at(1));
    REQUIRE(r);
    CHECK(r->find("major hazard") != std::string::npos);
    CHECK(r->find("allow_shelving_major_hazards") != std::string::npos);
    CHECK(b.out.empty());
    CHECK(b.record(id).state == AlarmState::unacknowledged);
  }
  SECTION("with allow_shelving_major_hazards it is shelved") {
    AlarmBookSettings s;
    s.allow_shelving_major_hazards = true;
    s.unshelvable_priorities = {};  // a major hazard is priority 1
    Book b(s);
    const std::string id = b.raise(sensor_fault(true, at(0)));
    CHECK_FALSE(b.shelve(id, 10min, "console:li", at(1), "sensor head replaced"));
    CHECK(b.record(id).state == AlarmState::shelved);
  }
}

TEST_CASE("shelving longer than max_shelve, or for no time at all, is refused") {
  AlarmBookSettings s;
  s.max_shelve = 2h;
  Book b(s);
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));

  const Refusal too_long = b.shelve(id, 3h, "console:li", at(1));
  REQUIRE(too_long);
  CHECK(too_long->find("max_shelve") != std::string::npos);
  CHECK(b.shelve(id, 0ms, "console:li", at(1)));
  CHECK(b.shelve(id, -5min, "console:li", at(1)));
  CHECK(b.out.empty());
  CHECK_FALSE(b.shelve(id, 2h, "console:li", at(1)));  // the limit itself is allowed
}

TEST_CASE("a more severe level breaks through shelving, the shelved level stays shelved") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.acknowledge(id, "console:li", at(1));
  b.shelve(id, 1h, "console:li", at(2));
  // The level that was shelved: recorded and sent marked shelved, not annunciated.
  CHECK(kinds(b.apply(cleared(kCh4, 0.9, at(3)))) == std::vector{AlarmEventKind::cleared});
  CHECK(b.out[0].shelved);
  CHECK(kinds(b.apply(ch4_alarm(1.2, at(4)))) == std::vector{AlarmEventKind::raised});
  CHECK(b.out[0].shelved);

  b.apply(ch4_power_cut(1.6, at(5)));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::unshelved, AlarmEventKind::escalated});
  CHECK(b.out[0].by.empty());
  CHECK(b.out[0].message.find("shelving ended") == 0);
  CHECK(b.out[1].alarm_id == id);
  CHECK(b.out[1].state == AlarmState::unacknowledged);
  CHECK(b.out[1].level == "power_cut");
  CHECK_FALSE(b.record(id).shelved_until);
}

TEST_CASE("a shelved alarm re-raised straight to a more severe level is revealed and raised") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 1h, "console:li", at(1));
  b.apply(cleared(kCh4, 0.5, at(2)));
  b.apply(ch4_power_cut(1.7, at(3)));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::unshelved, AlarmEventKind::raised});
  CHECK(b.out[0].state == AlarmState::returned_unacknowledged);
  CHECK(b.out[1].alarm_id == id);
  CHECK(b.out[1].state == AlarmState::unacknowledged);
}

TEST_CASE("unshelving an alarm that is not shelved is refused") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  const Refusal r = b.unshelve(id, "console:li", at(1));
  REQUIRE(r);
  CHECK(r->find("not shelved") != std::string::npos);
  CHECK(b.out.empty());
}

TEST_CASE("an alarm out of service tracks silently and returns to service annunciated") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  REQUIRE_FALSE(b.remove_from_service(id, "maint:zhao", at(1)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::removed_from_service);
  CHECK(b.out[0].state == AlarmState::out_of_service);
  CHECK(b.out[0].by == "maint:zhao");

  // Out of service covers every non-major level: maintenance makes the readings meaningless.
  CHECK(b.apply(ch4_power_cut(1.8, at(2))).empty());
  CHECK(b.apply(cleared(kCh4, 0.2, at(3))).empty());
  CHECK(b.apply(ch4_alarm(1.05, at(4))).empty());
  CHECK(b.tick(at(28'000)).empty());  // no expiry; its reminder is 8 h away

  REQUIRE_FALSE(b.return_to_service(id, "maint:zhao", at(5)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::returned_to_service);
  CHECK(b.out[0].state == AlarmState::unacknowledged);
  CHECK(b.out[0].alarm_id == id);
  CHECK(b.out[0].level == "alarm");
  CHECK(b.out[0].peak == 1.8);
}

TEST_CASE("an alarm returned to service after its condition cleared ends") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.remove_from_service(id, "maint:zhao", at(1));
  b.apply(cleared(kCh4, 0.2, at(2)));
  REQUIRE_FALSE(b.return_to_service(id, "maint:zhao", at(3)));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].state == AlarmState::normal);
  CHECK(b.book.find(id) == nullptr);
}

TEST_CASE("out of service replaces shelving") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 10min, "console:li", at(1));
  REQUIRE_FALSE(b.remove_from_service(id, "maint:zhao", at(2)));
  CHECK(b.record(id).state == AlarmState::out_of_service);
  CHECK_FALSE(b.record(id).shelved_until);
  CHECK(b.tick(at(3600)).empty());  // the old shelving's expiry no longer applies
}

TEST_CASE("a major-hazard alarm cannot be taken out of service unless the site allows it") {
  SECTION("by default it is refused with the reason") {
    Book b;
    const std::string id = b.raise(sensor_fault(true, at(0)));
    const Refusal r = b.remove_from_service(id, "maint:zhao", at(1));
    REQUIRE(r);
    CHECK(r->find("allow_out_of_service_major_hazards") != std::string::npos);
    CHECK(b.out.empty());
  }
  SECTION("with allow_out_of_service_major_hazards it is taken out") {
    AlarmBookSettings s;
    s.allow_out_of_service_major_hazards = true;
    Book b(s);
    const std::string id = b.raise(sensor_fault(true, at(0)));
    CHECK_FALSE(b.remove_from_service(id, "maint:zhao", at(1)));
  }
}

TEST_CASE("an out-of-service alarm whose condition becomes a major hazard is back in service") {
  Book b;
  const std::string id = b.raise(sensor_fault(false, at(0)));
  b.remove_from_service(id, "maint:zhao", at(1));
  b.apply(sensor_fault(true, at(3601)));
  REQUIRE(kinds(b.out) ==
          std::vector{AlarmEventKind::returned_to_service, AlarmEventKind::escalated});
  CHECK(b.out[1].alarm_id == id);
  CHECK(b.out[1].major_hazard);
  CHECK(b.out[1].state == AlarmState::unacknowledged);
}

TEST_CASE("what a hidden alarm allows and refuses") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 10min, "console:li", at(1));
  const Refusal ack = b.acknowledge(id, "console:li", at(2));
  REQUIRE(ack);
  CHECK(ack->find("shelved") != std::string::npos);
  CHECK(b.return_to_service(id, "maint:zhao", at(2)));

  b.remove_from_service(id, "maint:zhao", at(3));
  CHECK(b.shelve(id, 10min, "console:li", at(4)));
  CHECK(b.acknowledge(id, "console:li", at(4)));
  const Refusal twice = b.remove_from_service(id, "maint:qian", at(4));
  REQUIRE(twice);
  CHECK(twice->find("maint:zhao") != std::string::npos);
  CHECK(b.out.empty());
}

TEST_CASE("priority 1 cannot be shelved by default ([alarms] unshelvable_priorities = [1])") {
  Book b;
  b.raise(ch4_alarm(1.2, at(0)));
  const std::string id = b.out.front().alarm_id;
  b.apply(ch4_power_cut(1.6, at(1)));  // now priority 1
  const Refusal r = b.shelve(id, 10min, "console:li", at(2), "sensor being replaced");
  REQUIRE(r);
  CHECK(*r == "alarm " + id +
                  " has priority 1, which cannot be shelved ([alarms] unshelvable_priorities)");
  CHECK(b.record(id).state == AlarmState::unacknowledged);
}

TEST_CASE("where priority 1 may be shelved, it needs a reason, and the reason is recorded") {
  AlarmBookSettings settings;
  settings.unshelvable_priorities = {};
  Book b(settings);
  b.raise(ch4_power_cut(1.6, at(0)));
  const std::string id = b.out.front().alarm_id;
  const Refusal none = b.shelve(id, 10min, "console:li", at(1));
  REQUIRE(none);
  CHECK(*none == "shelving a priority-1 alarm needs a reason");
  REQUIRE_FALSE(b.shelve(id, 10min, "console:li", at(2), "detector under calibration"));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].kind == AlarmEventKind::shelved);
  CHECK(b.out[0].shelved);
  CHECK_THAT(b.out[0].message, Catch::Contains(": detector under calibration"));

  AlarmBookSettings strict;
  strict.unshelvable_priorities = {1, 2};
  Book c(strict);
  const std::string p2 = c.raise(ch4_alarm(1.2, at(0)));
  CHECK(c.shelve(p2, 10min, "console:li", at(1), "why not"));
}

}  // namespace sw::alarms::test
