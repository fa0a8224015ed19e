// SPDX-License-Identifier: Apache-2.0
// on_sample is the hot path (well over 100,000 samples/s): in steady state it must not allocate.
// This binary counts every allocation through a replaced global operator new.
#include "rules_fixtures.hpp"
#include "support/allocation_counter.hpp"

namespace sw::rules::test {

TEST_CASE("in steady state on_sample does not allocate, with limits, feed, rate, stuck and rules") {
  PointRules ch4 = return_corner("face3.ch4");
  ch4.feed_points = {"face3.feed"};
  ch4.rate_max = 100;
  ch4.stuck_after = 1h;
  ch4.major_fault_after = 1h;
  CompositeRule rule;
  rule.name = "ch4_power_on";
  rule.expression = "face3.ch4 >= 1.5 && face3.feed >= 0.5 && face3.ch4.ok";
  rule.point = "face3.ch4";
  Engine e({point("face3.ch4", "甲烷", "%CH4", 1s), point("face3.feed", "", "", 1s)}, {ch4},
           {rule});
  e.out.reserve(64);
  Sample ch4_sample;
  ch4_sample.point = *e.engine.index_of("face3.ch4");
  Sample feed_sample;
  feed_sample.point = *e.engine.index_of("face3.feed");
  feed_sample.value = 1;
  auto feed = [&](int i) {
    ch4_sample.value = 0.3 + 0.01 * (i % 7);
    ch4_sample.time = wall(i);
    feed_sample.time = wall(i);
    e.engine.on_sample(ch4_sample, steady(i), e.out);
    e.engine.on_sample(feed_sample, steady(i), e.out);
  };
  e.tick(0);
  for (int i = 0; i < 10; ++i) feed(i);  // first reports
  e.out.clear();
  const sw::test::AllocationCount count;
  for (int i = 10; i < 10'010; ++i) feed(i);
  CHECK(count.allocations() == 0);
  CHECK(e.out.empty());
}

}  // namespace sw::rules::test
