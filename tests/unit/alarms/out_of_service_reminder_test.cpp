// SPDX-License-Identifier: Apache-2.0
// An alarm left out of service is 屏蔽 (issue 17 §2): past its point's max_out_of_service the book
// raises the `masked` reminder, with the point's masked clause and category, and clears it when
// the alarm is back in service.
#include <map>

#include "alarm_fixtures.hpp"

namespace sw::alarms::test {
namespace {

// The coal high-gas mine's masked texts, as the rules thread would give them from the engine.
ServiceLimit coal_limit(std::optional<Millis> max = std::nullopt) {
  return {max, "煤矿重大事故隐患判定标准 第十八条(六)", "其他重大事故隐患"};
}

AlarmBookSettings out_of_service_after(Millis max) {
  AlarmBookSettings s;
  s.max_out_of_service = max;
  return s;
}

const AlarmEvent* reminder_in(const std::vector<AlarmEvent>& events) {
  for (const auto& e : events)
    if (e.rule == "masked") return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("an alarm out of service past max_out_of_service raises masked, a major hazard") {
  Book b(out_of_service_after(8h));
  b.book.set_service_limits([](const PointId&) { return coal_limit(); });
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  REQUIRE_FALSE(b.remove_from_service(id, "maint:zhao", at(10)));

  CHECK(b.tick(at(10 + 8 * 3600 - 1)).empty());
  b.tick(at(10 + 8 * 3600 + 0.5));
  REQUIRE(b.out.size() == 1);
  const AlarmEvent& e = b.out[0];
  CHECK(e.kind == AlarmEventKind::raised);
  CHECK(e.rule == "masked");
  CHECK(e.level == "out_of_service");
  CHECK(e.priority == 1);
  CHECK(e.major_hazard);
  CHECK(e.hazard_category == "其他重大事故隐患");
  CHECK(e.clause == "煤矿重大事故隐患判定标准 第十八条(六)");
  CHECK(e.message.find("回风隅角甲烷") != std::string::npos);
  CHECK(e.message.find("退出服务（屏蔽）超过 8 小时") != std::string::npos);
  CHECK(e.message.find("maint:zhao") != std::string::npos);
  CHECK(e.time == at(10 + 8 * 3600));  // when the limit passed
  // The alarm it is about stays out of service: the reminder does not undo maintenance.
  CHECK(b.record(id).state == AlarmState::out_of_service);
  CHECK(b.tick(at(10 + 9 * 3600)).empty());  // raised once
}

TEST_CASE("a point's own max_out_of_service overrides the site default") {
  Book b(out_of_service_after(8h));
  b.book.set_service_limits(
      [](const PointId& p) { return p == "face3.ch4" ? coal_limit(30min) : ServiceLimit{}; });
  const std::string ch4 = b.raise(ch4_alarm(1.1, at(0)));
  const std::string o2 = b.raise(o2_low(19.0, at(0)));
  b.remove_from_service(ch4, "maint:zhao", at(0));
  b.remove_from_service(o2, "maint:zhao", at(0));
  b.tick(at(1800));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].point.id == "face3.ch4");
  b.tick(at(8 * 3600));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].point.id == "face3.o2");
  // Without a hazard category the reminder is an alarm, not a major hazard.
  CHECK_FALSE(b.out[0].major_hazard);
  CHECK(b.out[0].priority == 1);
}

TEST_CASE("the reminder clears when the alarm is returned to service") {
  Book b(out_of_service_after(1h));
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.remove_from_service(id, "maint:zhao", at(0));
  b.tick(at(3600));
  const AlarmEvent* raised = reminder_in(b.out);
  REQUIRE(raised != nullptr);
  const std::string reminder = raised->alarm_id;

  REQUIRE_FALSE(b.return_to_service(id, "maint:zhao", at(4000)));
  b.tick(at(4000));
  REQUIRE(b.out.size() == 1);
  CHECK(b.out[0].alarm_id == reminder);
  CHECK(b.out[0].kind == AlarmEventKind::cleared);
  // Cleared but not yet acknowledged: the platform and the operator still see that it happened.
  CHECK(b.record(reminder).state == AlarmState::returned_unacknowledged);
}

TEST_CASE("the reminder can be neither shelved nor taken out of service") {
  AlarmBookSettings s = out_of_service_after(1h);
  s.unshelvable_priorities.clear();
  Book b(s);
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.remove_from_service(id, "maint:zhao", at(0));
  b.tick(at(3600));
  REQUIRE(reminder_in(b.out) != nullptr);
  const std::string reminder = reminder_in(b.out)->alarm_id;
  const Refusal oos = b.remove_from_service(reminder, "maint:zhao", at(3601));
  REQUIRE(oos);
  CHECK(oos->find("return that one to service") != std::string::npos);
  REQUIRE(b.shelve(reminder, 10min, "maint:zhao", at(3601), "busy"));
  CHECK(b.out.empty());
}

TEST_CASE("0s turns the out-of-service reminder off") {
  Book b(out_of_service_after(0s));
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.remove_from_service(id, "maint:zhao", at(0));
  CHECK(b.tick(at(365.0 * 24 * 3600)).empty());
}

TEST_CASE("an alarm taken out of service before a restart is reminded of after it") {
  std::map<std::string, std::string> rows;  // plays the alarm state table
  std::string id;
  {
    Book before(out_of_service_after(1h));
    id = before.raise(ch4_alarm(1.1, at(0)));
    before.remove_from_service(id, "maint:zhao", at(0));
    for (const auto& r : before.book.take_changes().changed) rows[r.source] = to_json_text(r);
  }
  Book after(out_of_service_after(1h));
  std::vector<AlarmRecord> records;
  for (const auto& [source, text] : rows) records.push_back(record_from_json_text(text));
  after.book.restore(records);
  after.tick(at(3600));
  REQUIRE(reminder_in(after.out) != nullptr);
  CHECK(reminder_in(after.out)->time == at(3600));
}

}  // namespace sw::alarms::test
