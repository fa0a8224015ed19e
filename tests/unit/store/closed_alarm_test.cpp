// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <vector>

#include "store/alarm_ledger.hpp"
#include "store/closed_alarm.hpp"
#include "store_test_data.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;
namespace data = sw::store::test;

namespace {

constexpr std::int64_t kT0 = 1'764'381'343'000;

AlarmEvent step(const std::string& alarm, int n, AlarmEventKind kind, AlarmState state,
                std::int64_t at_ms) {
  AlarmEvent e = data::methane_event(n, kT0);
  e.alarm_id = alarm;
  e.kind = kind;
  e.state = state;
  e.time = from_epoch_ms(at_ms);
  return e;
}

// raise (alarm, p2) → escalate (power_cut, p1, major) → return → acknowledge: closed.
std::vector<AlarmEvent> whole_life(const std::string& alarm, std::int64_t t0) {
  std::vector<AlarmEvent> life;
  life.push_back(step(alarm, 0, AlarmEventKind::raised, AlarmState::unacknowledged, t0));
  life.back().level = "alarm";
  life.back().priority = 2;
  life.back().major_hazard = false;
  life.back().peak = 1.1;
  life.push_back(
      step(alarm, 1, AlarmEventKind::escalated, AlarmState::unacknowledged, t0 + 60'000));
  life.back().level = "power_cut";
  life.back().threshold = 1.5;
  life.back().peak = 1.6;
  life.push_back(
      step(alarm, 2, AlarmEventKind::cleared, AlarmState::returned_unacknowledged, t0 + 600'000));
  life.push_back(step(alarm, 3, AlarmEventKind::acknowledged, AlarmState::normal, t0 + 660'000));
  life.back().by = "zhang.san";
  return life;
}

}  // namespace

TEST_CASE("a closed alarm is summed up at its most urgent level, with who acknowledged it") {
  const ClosedAlarm c = summarise_closed_alarm(whole_life("01JA", kT0));
  CHECK(c.alarm_id == "01JA");
  CHECK(c.level == "power_cut");
  CHECK(c.priority == 1);
  CHECK(c.threshold == 1.5);
  CHECK(c.peak == 1.6);
  CHECK(c.major_hazard);
  CHECK(c.raised_at == from_epoch_ms(kT0));
  REQUIRE(c.returned_at.has_value());
  CHECK(*c.returned_at == from_epoch_ms(kT0 + 600'000));
  CHECK(c.acknowledged_by == "zhang.san");
  CHECK(c.closed_at == from_epoch_ms(kT0 + 660'000));
  CHECK(c.steps == 4);
  CHECK_THROWS(summarise_closed_alarm({}));
}

TEST_CASE("the ledger lists alarms closed since a time, the most recently closed first") {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  AlarmLedger ledger{db};
  ledger.append(whole_life("01JOLD", kT0));              // closed at kT0 + 11 min
  ledger.append(whole_life("01JNEW", kT0 + 3'600'000));  // closed an hour later
  auto open = whole_life("01JOPEN", kT0 + 7'200'000);    // returned, never acknowledged
  open.pop_back();
  ledger.append(open);

  const auto all = ledger.closed_since(from_epoch_ms(kT0), 10);
  REQUIRE(all.size() == 2);
  CHECK(all[0].front().alarm_id == "01JNEW");
  CHECK(all[0].size() == 4);
  CHECK(all[1].front().alarm_id == "01JOLD");

  // Closed before `since`: left out; `max` leaves out the longest closed.
  const auto recent = ledger.closed_since(from_epoch_ms(kT0 + 3'600'000), 10);
  REQUIRE(recent.size() == 1);
  CHECK(recent[0].front().alarm_id == "01JNEW");
  CHECK(ledger.closed_since(from_epoch_ms(kT0), 1).size() == 1);
  CHECK(ledger.closed_since(from_epoch_ms(kT0 + 86'400'000), 10).empty());
}
