// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "store/memory_outbox.hpp"
#include "uplink/outbox_reader.hpp"

using namespace sw;
using namespace sw::store;
using namespace sw::uplink;

namespace {

// An outbox that counts queries, to show that an idle reader does not ask again and again.
class CountingOutbox final : public Outbox {
 public:
  void add(std::vector<OutboundMessage>& m) override { inner.add(m); }
  std::vector<OutboundMessage> next(Lane lane, std::int64_t after, std::size_t max) override {
    ++queries;
    return inner.next(lane, after, max);
  }
  void remove(const std::vector<std::int64_t>& rows) override { inner.remove(rows); }
  OutboxStats stats() const override { return inner.stats(); }
  void set_aside(std::int64_t row, const std::string& reason) override {
    inner.set_aside(row, reason);
  }
  std::vector<DeadLetter> dead_letters(std::size_t max) const override {
    return inner.dead_letters(max);
  }
  std::size_t requeue_dead_letters() override { return inner.requeue_dead_letters(); }
  MemoryOutbox inner{1000};
  int queries = 0;
};

void add(Outbox& o, Lane lane, const std::string& id) {
  std::vector<OutboundMessage> v(1);
  v[0].id = id;
  v[0].lane = lane;
  o.add(v);
}

std::vector<std::string> drain(OutboxReader& r) {
  std::vector<std::string> ids;
  while (const OutboundMessage* m = r.peek()) {
    ids.push_back(m->id);
    r.pop();
  }
  return ids;
}

}  // namespace

TEST_CASE("the reader hands out lanes in priority order, each in row order", "[reader]") {
  CountingOutbox o;
  add(o, Lane::telemetry, "t1");
  add(o, Lane::alarm, "a1");
  add(o, Lane::status, "s1");
  add(o, Lane::telemetry, "t2");
  add(o, Lane::event, "e1");
  add(o, Lane::alarm, "a2");
  OutboxReader r(o, 2);
  CHECK(drain(r) == std::vector<std::string>{"a1", "a2", "e1", "s1", "t1", "t2"});
}

TEST_CASE("an alarm added while telemetry is being sent goes next", "[reader]") {
  CountingOutbox o;
  for (int i = 0; i < 5; ++i) add(o, Lane::telemetry, "t" + std::to_string(i));
  OutboxReader r(o, 10);
  CHECK(r.peek()->id == "t0");
  r.pop();
  add(o, Lane::alarm, "a1");
  r.new_messages();
  CHECK(r.peek()->id == "a1");
  r.pop();
  CHECK(r.peek()->id == "t1");
}

TEST_CASE("an idle reader does not query again until told of new messages", "[reader]") {
  CountingOutbox o;
  OutboxReader r(o, 10);
  CHECK(r.peek() == nullptr);
  const int after_first = o.queries;
  CHECK(after_first == kLaneCount);
  for (int i = 0; i < 100; ++i) CHECK(r.peek() == nullptr);
  CHECK(o.queries == after_first);
  add(o, Lane::event, "e1");
  r.new_messages();
  CHECK(r.peek()->id == "e1");
}

TEST_CASE("reset reads every lane again from the start", "[reader]") {
  CountingOutbox o;
  add(o, Lane::alarm, "a1");
  add(o, Lane::alarm, "a2");
  OutboxReader r(o, 10);
  CHECK(drain(r) == std::vector<std::string>{"a1", "a2"});
  CHECK(r.peek() == nullptr);
  r.reset();  // nothing was acknowledged: both again
  CHECK(drain(r) == std::vector<std::string>{"a1", "a2"});
}
