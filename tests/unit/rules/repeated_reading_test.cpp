// SPDX-License-Identifier: Apache-2.0
// A reading equal to the last one takes the engine's quiet path (nine in ten on a large site):
// only its time moves on. What that path must not change: delays still run out, the point stays
// alive, its latest sample has the new time, and a rate rule still sees every reading.
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
}  // namespace

TEST_CASE(
    "a repeated reading moves the latest sample's time and keeps the point from going stale") {
  Engine e({point(kCh4, "甲烷", "%CH4", 1s)}, {return_corner(kCh4)});  // stale after 3 s
  e.tick(0);
  e.sample(kCh4, 0.3, 0);
  for (int s = 1; s <= 30; ++s) {
    CHECK(e.sample(kCh4, 0.3, s).empty());
    CHECK_FALSE(reports(e.tick(s + 0.5), "face3.ch4/fault"));
  }
  REQUIRE(e.engine.latest(kCh4) != nullptr);
  CHECK(e.engine.latest(kCh4)->time == wall(30));
  // Silence after the repeats: stale counts from the last of them.
  CHECK(e.tick(32).empty());
  CHECK(e.engine.next_deadline() == steady(33));
}

TEST_CASE("an on-delay runs out while the same value repeats, with no tick in between") {
  PointRules r = return_corner(kCh4);
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4, "甲烷")}, {r});
  e.tick(0);
  e.sample(kCh4, 1.2, 0);
  for (int s = 1; s < 5; ++s) CHECK_FALSE(reports(e.sample(kCh4, 1.2, s), "face3.ch4/limit"));
  const Condition c = only(e.sample(kCh4, 1.2, 6), "face3.ch4/limit");
  CHECK(c.active);
  CHECK(c.level == "alarm");
  CHECK(c.time == wall(5));  // when the delay ran out, not when the next reading came
}

TEST_CASE("a rate rule still judges a repeated reading: the jump's alarm clears with it") {
  PointRules r;
  r.point = kCh4;
  r.rate_max = 0.5;
  Engine e({point(kCh4, "甲烷")}, {r});
  e.sample(kCh4, 0.2, 0);
  CHECK(only(e.sample(kCh4, 0.8, 1), "face3.ch4/rate").active);
  CHECK_FALSE(only(e.sample(kCh4, 0.8, 2), "face3.ch4/rate").active);
}

TEST_CASE("the value read before a failed read, read again, is taken in full") {
  Engine e({point(kCh4, "甲烷")}, {return_corner(kCh4)});
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 0.3, 1, Quality::comm_loss, "timeout");
  e.sample(kCh4, 0.3, 2);
  const Sample* s = e.engine.latest(kCh4);
  REQUIRE(s != nullptr);
  CHECK(s->quality == Quality::good);
  CHECK(s->reason.empty());
  CHECK(s->time == wall(2));
}

}  // namespace sw::rules::test
