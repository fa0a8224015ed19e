// SPDX-License-Identifier: Apache-2.0
// Alarm state survives a restart: what take_changes() gave the store comes back through restore(),
// and the hazard engine's first fresh report reconciles it without a duplicate raise.
#include <map>

#include "alarm_fixtures.hpp"

namespace sw::alarms::test {
namespace {

// Plays the store: keeps the JSON text per source as AlarmStateTable would.
struct StateTable {
  std::map<std::string, std::string> rows;
  void save(const AlarmBook::Changes& changes) {
    for (const auto& r : changes.changed) rows[r.source] = to_json_text(r);
    for (const auto& s : changes.ended_sources) rows.erase(s);
  }
  std::vector<AlarmRecord> load() const {
    std::vector<AlarmRecord> out;
    for (const auto& [source, text] : rows) out.push_back(record_from_json_text(text));
    return out;
  }
};

}  // namespace

TEST_CASE("an alarm active before a restart is still active after it, under the same id") {
  StateTable table;
  std::string id;
  {
    Book before;
    id = before.raise(ch4_alarm(1.3, at(0)));
    before.apply(ch4_alarm(1.4, at(1)));
    table.save(before.book.take_changes());
  }  // the daemon is killed

  Book after;
  after.book.restore(table.load());
  REQUIRE(after.book.find(id) != nullptr);
  CHECK(after.record(id).state == AlarmState::unacknowledged);
  CHECK(after.record(id).peak == 1.4);
  CHECK(after.book.current().size() == 1);

  SECTION("the fresh evaluation finding it still active raises nothing again") {
    CHECK(after.apply(ch4_alarm(1.2, at(100))).empty());
    CHECK(after.record(id).condition_active);
    CHECK(after.record(id).value == 1.2);
    REQUIRE_FALSE(after.acknowledge(id, "console:li", at(101)));
    CHECK(after.out[0].alarm_id == id);
  }
  SECTION("the fresh evaluation finding it gone clears it properly") {
    after.apply(cleared(kCh4, 0.4, at(100)));
    REQUIRE(after.out.size() == 1);
    CHECK(after.out[0].kind == AlarmEventKind::cleared);
    CHECK(after.out[0].alarm_id == id);
    CHECK(after.out[0].state == AlarmState::returned_unacknowledged);
    CHECK(after.out[0].raised_at == at(0));
    CHECK(after.out[0].peak == 1.4);
    CHECK(after.out[0].point.name == "回风隅角甲烷");
  }
  SECTION("the fresh evaluation at a higher level escalates the same alarm") {
    after.apply(ch4_power_cut(1.6, at(100)));
    REQUIRE(kinds(after.out) == std::vector{AlarmEventKind::escalated});
    CHECK(after.out[0].alarm_id == id);
  }
}

TEST_CASE("a restored acknowledged alarm ends when the first evaluation finds its condition gone") {
  StateTable table;
  std::string id;
  {
    Book before;
    id = before.raise(ch4_alarm(1.3, at(0)));
    before.acknowledge(id, "console:li", at(2));
    table.save(before.book.take_changes());
  }
  Book after;
  after.book.restore(table.load());
  CHECK(after.record(id).acked_by == "console:li");

  after.apply(cleared(kCh4, 0.4, at(100)));
  REQUIRE(after.out.size() == 1);
  CHECK(after.out[0].alarm_id == id);
  CHECK(after.out[0].state == AlarmState::normal);
  table.save(after.book.take_changes());
  CHECK(table.rows.empty());
}

TEST_CASE("a restored returned-unacknowledged alarm can be acknowledged after the restart") {
  StateTable table;
  std::string id;
  {
    Book before;
    id = before.raise(ch4_alarm(1.3, at(0)));
    before.apply(cleared(kCh4, 0.8, at(1)));
    table.save(before.book.take_changes());
  }
  Book after;
  after.book.restore(table.load());
  CHECK(after.apply(cleared(kCh4, 0.7, at(100))).empty());  // the engine's first report
  REQUIRE_FALSE(after.acknowledge(id, "platform:zhang", at(101)));
  CHECK(after.out[0].state == AlarmState::normal);
}

TEST_CASE("a restored shelving keeps its expiry, and one already past ends on the first tick") {
  StateTable table;
  std::string id;
  {
    Book before;
    id = before.raise(ch4_alarm(1.3, at(0)));
    before.shelve(id, 10min, "console:li", at(1));
    table.save(before.book.take_changes());
  }
  Book after;
  after.book.restore(table.load());
  CHECK(after.record(id).state == AlarmState::shelved);
  CHECK(after.record(id).shelved_until == at(601));
  CHECK(after.apply(ch4_alarm(1.2, at(700))).empty());  // still shelved until the tick

  after.tick(at(700));
  REQUIRE(kinds(after.out) == std::vector{AlarmEventKind::unshelved});
  CHECK(after.out[0].state == AlarmState::unacknowledged);
}

TEST_CASE("a shelved record without an expiry is unshelved on the first tick") {
  AlarmRecord r;
  r.alarm_id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  r.source = kCh4;
  r.point = "face3.ch4";
  r.state = AlarmState::shelved;
  r.condition_active = true;
  Book b;
  b.book.restore({r});
  b.tick(at(0));
  REQUIRE(kinds(b.out) == std::vector{AlarmEventKind::unshelved});
}

TEST_CASE("records that cannot be live are not restored and are reported ended") {
  AlarmRecord normal;
  normal.alarm_id = "01ARZ3NDEKTSV4RRFFQ69G5FAA";
  normal.source = "a/limit";
  normal.state = AlarmState::normal;
  AlarmRecord acked_inactive;
  acked_inactive.alarm_id = "01ARZ3NDEKTSV4RRFFQ69G5FAB";
  acked_inactive.source = "b/limit";
  acked_inactive.state = AlarmState::acknowledged;
  acked_inactive.condition_active = false;
  AlarmRecord live;
  live.alarm_id = "01ARZ3NDEKTSV4RRFFQ69G5FAC";
  live.source = "c/limit";
  live.state = AlarmState::unacknowledged;
  live.condition_active = true;

  Book b;
  b.book.restore({normal, acked_inactive, live});
  CHECK(b.book.current().size() == 1);
  CHECK(b.book.find("01ARZ3NDEKTSV4RRFFQ69G5FAC") != nullptr);
  const auto changes = b.book.take_changes();
  CHECK(changes.changed.empty());
  CHECK(changes.ended_sources == std::vector<std::string>{"a/limit", "b/limit"});
}

TEST_CASE("a chattering source stays chattering across a restart") {
  AlarmBookSettings s;
  s.chatter_count = 3;
  StateTable table;
  std::string id;
  {
    Book before(s);
    for (int i = 0; i < 3; ++i) {
      id = before.raise(ch4_alarm(1.1, at(10 * i)));
      before.apply(cleared(kCh4, 0.9, at(10 * i + 5)));
    }
    table.save(before.book.take_changes());
  }
  Book after(s);
  after.book.restore(table.load());
  CHECK(after.record(id).chattering);
  after.apply(ch4_alarm(1.1, at(30)));
  CHECK(kinds(after.out) == std::vector{AlarmEventKind::raised});  // not reported a second time
}

}  // namespace sw::alarms::test
