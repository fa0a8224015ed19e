// SPDX-License-Identifier: Apache-2.0
// Rate of change and stuck values: a sensor whose reading jumps faster than gas spreads, or does
// not move at all for hours while the device says "good", is not measuring.
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kRate = "face3.ch4/rate";
const std::string kStuck = "face3.ch4/stuck";

Engine with_rate(double rate_max) {
  PointRules r;
  r.point = kCh4;
  r.rate_max = rate_max;
  return Engine({point(kCh4, "甲烷")}, {r});
}

Engine with_stuck(Millis after) {
  PointRules r;
  r.point = kCh4;
  r.stuck_after = after;
  return Engine({point(kCh4, "甲烷")}, {r});
}
}  // namespace

TEST_CASE("the first good value reports the rate source as normal") {
  Engine e = with_rate(0.5);
  const Condition c = only(e.sample(kCh4, 0.2, 0), kRate);
  CHECK_FALSE(c.active);
  CHECK(std::isnan(c.value));
}

TEST_CASE("a change faster than rate_max per minute raises a rate alarm, exactly at it does not") {
  Engine e = with_rate(0.5);
  e.sample(kCh4, 0.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0.45, 30), kRate));  // 0.25 in 30 s = 0.5 /min: at the limit
  const Condition c = only(e.sample(kCh4, 0.5, 31), kRate);  // 0.05 in 1 s = 3 /min
  CHECK(c.active);
  CHECK(c.level == "rate");
  CHECK(c.value == Approx(3.0));
  CHECK(c.threshold == 0.5);
  CHECK(c.priority == 3);
  CHECK(c.message == "甲烷 变化速率 3.00 %CH4/min > 0.50");
  CHECK_FALSE(only(e.sample(kCh4, 0.5, 40), kRate).active);
}

TEST_CASE("a falling value counts as much as a rising one") {
  Engine e = with_rate(0.5);
  e.sample(kCh4, 1.0, 0);
  CHECK(only(e.sample(kCh4, 0.0, 10), kRate).active);
}

TEST_CASE("the rate uses the samples' observation times, not when they were processed") {
  // Two samples taken 60 s apart and processed in the same turn of the rules thread.
  Engine e = with_rate(0.5);
  Sample a;
  a.point = *e.engine.index_of(kCh4);
  a.value = 0.2;
  a.time = wall(0);
  Sample b = a;
  b.value = 0.6;
  b.time = wall(60);
  e.engine.on_sample(a, steady(61), e.out);
  e.out.clear();
  e.engine.on_sample(b, steady(61), e.out);
  CHECK_FALSE(reports(e.out, kRate));
}

TEST_CASE("no rate is computed across a gap in good readings") {
  Engine e = with_rate(0.5);
  e.sample(kCh4, 0.2, 0);
  e.sample(kCh4, 0, 1, Quality::comm_loss);
  CHECK_FALSE(reports(e.sample(kCh4, 1.5, 2), kRate));
  CHECK_FALSE(reports(e.sample(kCh4, 1.5, 3), kRate));
}

TEST_CASE("a repeated sample with the same time judges nothing") {
  Engine e = with_rate(0.5);
  e.sample(kCh4, 0.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 5.0, 0), kRate));
}

TEST_CASE(
    "a value unchanged for stuck_after while good is reported stuck: not before, exactly at") {
  Engine e = with_stuck(1h);
  CHECK_FALSE(only(e.sample(kCh4, 0.12, 0), kStuck).active);
  for (int t = 600; t < 3600; t += 600) CHECK_FALSE(reports(e.sample(kCh4, 0.12, t), kStuck));
  CHECK_FALSE(reports(e.tick(3599.999), kStuck));
  const Condition c = only(e.tick(3600), kStuck);
  CHECK(c.active);
  CHECK(c.level == "stuck");
  CHECK(c.value == 0.12);
  CHECK(c.priority == 3);
  CHECK(c.message == "甲烷 0.12 %CH4 已 1h 未变化（疑似传感器失效）");
  CHECK(c.time == wall(3600));
}

TEST_CASE("a value that moves restarts the stuck clock and clears a stuck alarm") {
  Engine e = with_stuck(60s);
  e.sample(kCh4, 0.12, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0.13, 50), kStuck));
  CHECK_FALSE(reports(e.tick(109.9), kStuck));
  CHECK(only(e.tick(110), kStuck).active);
  CHECK_FALSE(only(e.sample(kCh4, 0.14, 120), kStuck).active);
}

TEST_CASE("a difference within float rounding counts as unchanged") {
  Engine e = with_stuck(60s);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 0.1 + 0.2, 30);  // 0.30000000000000004
  CHECK(only(e.tick(60), kStuck).active);
}

TEST_CASE("stuck is judged only while quality is good") {
  Engine e = with_stuck(60s);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 0.3, 30, Quality::comm_loss);
  CHECK_FALSE(reports(e.tick(70), kStuck));
  e.sample(kCh4, 0.3, 80);  // the clock starts again here
  CHECK_FALSE(reports(e.tick(139.9), kStuck));
  CHECK(only(e.tick(140), kStuck).active);
}

TEST_CASE("an active stuck alarm is held through a gap until the value moves") {
  Engine e = with_stuck(60s);
  e.sample(kCh4, 0.3, 0);
  e.tick(60);
  e.sample(kCh4, 0, 70, Quality::comm_loss);
  CHECK_FALSE(reports(e.sample(kCh4, 0.3, 80), kStuck));
  CHECK_FALSE(only(e.sample(kCh4, 0.4, 90), kStuck).active);
}

TEST_CASE("points without rate_max or stuck_after report neither source") {
  Engine e({point(kCh4)}, {return_corner(kCh4)});
  const auto& cs = e.sample(kCh4, 0.3, 0);
  CHECK_FALSE(reports(cs, kRate));
  CHECK_FALSE(reports(cs, kStuck));
}

}  // namespace sw::rules::test
