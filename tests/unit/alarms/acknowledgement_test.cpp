// SPDX-License-Identifier: Apache-2.0
// Operator actions name who acts; what cannot be done is refused with a reason people can read.
#include "alarm_fixtures.hpp"

namespace sw::alarms::test {

TEST_CASE("acknowledging an unknown alarm id is refused with a reason naming it") {
  Book b;
  const Refusal r = b.acknowledge("01ARZ3NDEKTSV4RRFFQ69G5FAV", "platform:zhang", at(0));
  REQUIRE(r);
  CHECK(r->find("01ARZ3NDEKTSV4RRFFQ69G5FAV") != std::string::npos);
  CHECK(b.out.empty());
}

TEST_CASE("acknowledging an alarm that has ended is refused like an unknown id") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  b.acknowledge(id, "console:li", at(1));
  b.apply(cleared(kCh4, 0.5, at(2)));
  const Refusal r = b.acknowledge(id, "platform:zhang", at(3));
  REQUIRE(r);
  CHECK(r->find("ended") != std::string::npos);
}

TEST_CASE("acknowledging an alarm already acknowledged is refused, naming who did and when") {
  // Console and platform race, and an MQTT QoS 1 command can arrive twice: the second is told who
  // already took the alarm, and the ledger gets no second acknowledgement.
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  REQUIRE_FALSE(b.acknowledge(id, "console:li", at(5)));
  const Refusal r = b.acknowledge(id, "platform:zhang", at(6));
  REQUIRE(r);
  CHECK(r->find("already acknowledged") != std::string::npos);
  CHECK(r->find("console:li") != std::string::npos);
  CHECK(b.out.empty());
  CHECK(b.record(id).acked_by == "console:li");
  CHECK(b.record(id).acked_at == at(5));
}

TEST_CASE("an operator action that does not name who acts is refused") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  CHECK(b.acknowledge(id, "", at(1)));
  CHECK(b.shelve(id, 1min, "", at(1)));
  CHECK(b.unshelve(id, "", at(1)));
  CHECK(b.remove_from_service(id, "", at(1)));
  CHECK(b.return_to_service(id, "", at(1)));
  CHECK(b.record(id).state == AlarmState::unacknowledged);
  CHECK(b.book.take_changes().changed.size() == 1);  // only the raise
}

TEST_CASE("every operator action on an unknown id is refused") {
  Book b;
  const std::string unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  CHECK(b.shelve(unknown, 1min, "console:li", at(0)));
  CHECK(b.unshelve(unknown, "console:li", at(0)));
  CHECK(b.remove_from_service(unknown, "console:li", at(0)));
  CHECK(b.return_to_service(unknown, "console:li", at(0)));
  CHECK(b.book.take_changes().changed.empty());
}

TEST_CASE("returning to service an alarm that is in service is refused") {
  Book b;
  const std::string id = b.raise(ch4_alarm(1.1, at(0)));
  const Refusal r = b.return_to_service(id, "maint:zhao", at(1));
  REQUIRE(r);
  CHECK(r->find("not out of service") != std::string::npos);
}

}  // namespace sw::alarms::test
