// SPDX-License-Identifier: Apache-2.0
// While a source chatters the platform gets a count per interval, not every raise and clear
// (issue 18: a flapping level point sent 31 raise/clear messages in ~40 s). Every step is still
// recorded (the ledger), marked held_back; one `chattering` step per chatter_window counts them,
// and one more says when the source settled.
#include "alarm_fixtures.hpp"

namespace sw::alarms::test {
namespace {

int sent(const std::vector<AlarmEvent>& events) {
  int n = 0;
  for (const auto& e : events) n += e.held_back ? 0 : 1;
  return n;
}

// Raise at t, clear at t + 1.
void flap(Book& b, double t, std::vector<AlarmEvent>& all) {
  for (const auto& e : b.apply(ch4_alarm(1.1, at(t)))) all.push_back(e);
  for (const auto& e : b.apply(cleared(kCh4, 0.9, at(t + 1)))) all.push_back(e);
}
}  // namespace

TEST_CASE("a chattering source's raises and clears are held back and counted per interval") {
  Book b(three_per_minute());
  std::vector<AlarmEvent> all;
  for (int i = 0; i < 3; ++i) flap(b, 2 * i, all);       // the 3rd raise (t=4) begins chattering
  CHECK(sent(all) == static_cast<int>(all.size()) - 1);  // up to the report, everything is sent
  REQUIRE(all[all.size() - 2].kind == AlarmEventKind::chattering);
  REQUIRE(all[all.size() - 2].chatter);
  CHECK(all[all.size() - 2].chatter->held == 0);
  CHECK(all.back().held_back);  // the clear at t=5 already is held

  all.clear();
  for (int i = 3; i < 20; ++i) flap(b, 2 * i, all);  // t = 6 .. 39
  CHECK(all.size() == 34);                           // every step recorded
  CHECK(sent(all) == 0);                             // none sent

  CHECK(b.tick(at(63)).empty());  // the interval runs from the report at t=4
  const auto& summary = b.tick(at(64));
  REQUIRE(kinds(summary) == std::vector{AlarmEventKind::chattering});
  const AlarmEvent& s = summary[0];
  CHECK_FALSE(s.held_back);
  REQUIRE(s.chatter);
  CHECK(s.chatter->held == 35);  // the clear at t=5 and 17 raises and clears
  CHECK(s.chatter->raised == 17);
  CHECK(s.chatter->cleared == 18);
  CHECK(s.chatter->since == at(4));
  CHECK_FALSE(s.chatter->settled);
  // The alarm as it stands: returned, not yet acknowledged.
  CHECK(s.state == AlarmState::returned_unacknowledged);
  CHECK(s.value == 0.9);
  CHECK(s.message.find("35 step(s) held back (17 raised, 18 cleared)") != std::string::npos);
}

TEST_CASE("a chattering source that settles says so once, then its steps are sent again") {
  Book b(three_per_minute());
  std::vector<AlarmEvent> all;
  for (int i = 0; i < 5; ++i) flap(b, 2 * i, all);  // chattering from t=4, raises to t=8
  const std::string id = all.front().alarm_id;

  // A window after the report (t=4): the count; a whole window after the last raise (t=8):
  // settled, said once with what was held since the count.
  CHECK(b.tick(at(63)).empty());
  REQUIRE(kinds(b.tick(at(64))) == std::vector{AlarmEventKind::chattering});
  CHECK(b.out[0].chatter->held == 5);  // clears at 5, 7, 9 and raises at 6, 8
  CHECK_FALSE(b.out[0].chatter->settled);
  CHECK(b.tick(at(67)).empty());
  const auto& end = b.tick(at(68));
  REQUIRE(kinds(end) == std::vector{AlarmEventKind::chattering});
  REQUIRE(end[0].chatter);
  CHECK(end[0].chatter->settled);
  CHECK(end[0].chatter->held == 0);
  CHECK(end[0].alarm_id == id);
  CHECK(end[0].message.find("chattering ended") != std::string::npos);
  CHECK(b.tick(at(200)).empty());  // said once

  CHECK(kinds(b.apply(ch4_alarm(1.1, at(300)))) == std::vector{AlarmEventKind::raised});
  CHECK_FALSE(b.out[0].held_back);
}

TEST_CASE("a chattering source that escalates to a more urgent level is sent at once") {
  Book b(three_per_minute());
  std::vector<AlarmEvent> all;
  for (int i = 0; i < 3; ++i) flap(b, 2 * i, all);
  b.apply(ch4_alarm(1.1, at(10)));
  CHECK(b.out[0].held_back);
  // Priority 1 (power cut) is more urgent than anything in the episode: chattering hides nothing
  // that got worse.
  CHECK(kinds(b.apply(ch4_power_cut(1.6, at(11)))) == std::vector{AlarmEventKind::escalated});
  CHECK_FALSE(b.out[0].held_back);
  // Back down and up again: no longer news, counted.
  b.apply(ch4_alarm(1.1, at(12)));
  CHECK(b.out[0].held_back);
  b.apply(ch4_power_cut(1.6, at(13)));
  CHECK(b.out[0].held_back);
}

TEST_CASE("operators' steps on a chattering alarm are always sent") {
  Book b(three_per_minute());
  std::vector<AlarmEvent> all;
  for (int i = 0; i < 3; ++i) flap(b, 2 * i, all);
  const std::string id = all.front().alarm_id;
  CHECK_FALSE(b.acknowledge(id, "console:li", at(6)));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::acknowledged});
  CHECK_FALSE(b.out[0].held_back);
}

TEST_CASE("a chattering alarm that ends while held back is summarised as its last step left it") {
  Book b(three_per_minute());
  std::vector<AlarmEvent> all;
  for (int i = 0; i < 3; ++i) flap(b, 2 * i, all);
  const std::string id = all.front().alarm_id;
  b.acknowledge(id, "console:li", at(6));  // returned and acknowledged: the alarm ends
  CHECK(b.book.find(id) == nullptr);
  const auto& end = b.tick(at(64));  // last raise at 4: settled at 64
  REQUIRE(kinds(end) == std::vector{AlarmEventKind::chattering});
  CHECK(end[0].alarm_id == id);
  CHECK(end[0].chatter->settled);
  CHECK(end[0].chatter->cleared == 1);
}

}  // namespace sw::alarms::test
