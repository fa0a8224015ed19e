// SPDX-License-Identifier: Apache-2.0
// Chattering (ISA-18.2 / IEC 62682): reported once per episode, every raise still recorded, and
// the flag clears after a whole window without a raise. What is held back from the platform while
// a source chatters is in chatter_summary_test.cpp.
#include "alarm_fixtures.hpp"
#include "alarms/chatter_detector.hpp"

namespace sw::alarms::test {

TEST_CASE("an alarm raised chatter_count times within the window is reported chattering once") {
  Book b(three_per_minute());
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.apply(cleared(kCh4, 0.9, at(5)));
  CHECK(kinds(b.apply(ch4_alarm(1.1, at(10)))) == std::vector{AlarmEventKind::raised});
  b.apply(cleared(kCh4, 0.9, at(15)));

  b.apply(ch4_alarm(1.1, at(20)));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::raised, AlarmEventKind::chattering});
  const AlarmEvent& e = b.out[1];
  CHECK(e.alarm_id == id);
  CHECK(e.state == AlarmState::unacknowledged);
  CHECK(e.time == at(20));
  CHECK(e.message.find("3 times within 1m") != std::string::npos);
  CHECK(e.level == "alarm");
  CHECK(b.record(id).chattering);
  CHECK(b.record(id).recent_raises.size() == 3);

  // Still chattering: every raise is recorded (held back from the platform), the chattering report
  // is not repeated.
  b.apply(cleared(kCh4, 0.9, at(25)));
  CHECK(kinds(b.apply(ch4_alarm(1.1, at(30)))) == std::vector{AlarmEventKind::raised});
  CHECK(b.out[0].held_back);
}

TEST_CASE("chattering is counted per source across the alarm ids it goes through") {
  Book b(three_per_minute());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(b.raise(ch4_alarm(1.1, at(10 * i))));
    if (i < 2) {
      b.acknowledge(ids.back(), "console:li", at(10 * i + 1));
      b.apply(cleared(kCh4, 0.9, at(10 * i + 2)));  // acknowledged and cleared: it ends
    }
  }
  CHECK(ids[0] != ids[1]);
  CHECK(ids[1] != ids[2]);
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::raised, AlarmEventKind::chattering});
  CHECK(b.out[1].alarm_id == ids[2]);
}

TEST_CASE("raises spread wider than the window are not chattering") {
  Book b(three_per_minute());
  for (int i = 0; i < 6; ++i) {
    b.apply(ch4_alarm(1.1, at(31 * i)));
    CHECK(kinds(b.out) == std::vector{AlarmEventKind::raised});
    b.apply(cleared(kCh4, 0.9, at(31 * i + 1)));
  }
}

TEST_CASE("chattering calms down after a whole window without a raise, a new episode is reported") {
  Book b(three_per_minute());
  std::string id;
  for (int i = 0; i < 3; ++i) {
    id = b.raise(ch4_alarm(1.1, at(10 * i)));
    b.apply(cleared(kCh4, 0.9, at(10 * i + 5)));
  }
  REQUIRE(b.record(id).chattering);
  b.book.take_changes();

  CHECK(b.tick(at(20 + 59)).empty());
  CHECK(b.record(id).chattering);

  // Settled: one `chattering` step says so (and counts the clear held back since).
  REQUIRE(kinds(b.tick(at(20 + 60))) == std::vector{AlarmEventKind::chattering});
  REQUIRE(b.out[0].chatter);
  CHECK(b.out[0].chatter->settled);
  CHECK(b.out[0].chatter->cleared == 1);
  CHECK_FALSE(b.record(id).chattering);
  CHECK(b.record(id).recent_raises.empty());
  const auto changes = b.book.take_changes();
  REQUIRE(changes.changed.size() == 1);  // persisted, so a restart does not bring it back
  CHECK_FALSE(changes.changed[0].chattering);

  for (int i = 0; i < 3; ++i) {
    b.apply(ch4_alarm(1.1, at(200 + 10 * i)));
    b.apply(cleared(kCh4, 0.9, at(205 + 10 * i)));
  }
  b.apply(ch4_alarm(1.1, at(230)));
  CHECK(kinds(b.out) == std::vector{AlarmEventKind::raised});  // 4th raise of the new episode
  CHECK(b.record(id).chattering);
}

TEST_CASE(
    "raises while shelved are recorded, not annunciated, so they do not count as "
    "chattering") {
  Book b(three_per_minute());
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.shelve(id, 1h, "console:li", at(1));
  for (int i = 0; i < 5; ++i) {
    CHECK(kinds(b.apply(cleared(kCh4, 0.9, at(2 + 2 * i)))) ==
          std::vector{AlarmEventKind::cleared});
    CHECK(b.out[0].shelved);
    CHECK(kinds(b.apply(ch4_alarm(1.1, at(3 + 2 * i)))) == std::vector{AlarmEventKind::raised});
    CHECK(b.out[0].shelved);
  }
  CHECK_FALSE(b.record(id).chattering);
}

TEST_CASE("chattering detection is off when chatter_count is 0") {
  AlarmBookSettings s;
  s.chatter_count = 0;
  Book b(s);
  for (int i = 0; i < 10; ++i) {
    b.apply(ch4_alarm(1.1, at(i)));
    CHECK(kinds(b.out) == std::vector{AlarmEventKind::raised});
    b.apply(cleared(kCh4, 0.9, at(i + 0.5)));
  }
}

TEST_CASE("a chatter detector starts a new episode after a quiet window even without calm_down") {
  ChatterDetector d(2, 10s);
  CHECK_FALSE(d.note_raise("s", at(0)));
  CHECK(d.note_raise("s", at(1)));
  CHECK_FALSE(d.note_raise("s", at(2)));
  CHECK_FALSE(d.note_raise("s", at(20)));  // quiet window passed: episode over, count restarts
  CHECK_FALSE(d.chattering("s"));
  CHECK(d.note_raise("s", at(21)));
}

TEST_CASE("a chatter detector forgets sources with nothing left to remember") {
  ChatterDetector d(3, 10s);
  d.note_raise("a", at(0));
  d.note_raise("b", at(5));
  CHECK(d.calm_down(at(12)).empty());  // "a" was never chattering: forgotten silently
  CHECK(d.recent_raises("a").empty());
  CHECK(d.recent_raises("b").size() == 1);
}

}  // namespace sw::alarms::test
