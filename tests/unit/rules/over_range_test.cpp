// SPDX-License-Identifier: Apache-2.0
// A reading past the sensor's measuring range (issue 17 §1, DOMAIN.md §1 over-range): a methane
// head driven past its 0–4 %CH4 range reads at least 4 %CH4, so it trips every high level (alarm,
// power cut, and so the feed check) besides the sensor fault; its value is the range limit.
#include "rules/measuring_range.hpp"
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFeed = "face3.feed";
const std::string kO2 = "face3.o2";

PointRules ranged_corner() {
  PointRules r = return_corner(kCh4);
  r.range = MeasuringRange{0, 4.0};
  r.feed_points = {kFeed};
  return r;
}

Sample over(double value, RangeSide side = RangeSide::none,
            Quality quality = Quality::out_of_range) {
  Sample s;
  s.value = value;
  s.quality = quality;
  s.over_range = side;
  return s;
}
}  // namespace

TEST_CASE("a good value past the range is out_of_range on its side, sent as the range limit") {
  const MeasuringRange range{0, 4.0};
  Sample high = over(5.2, RangeSide::none, Quality::good);
  judge_range(range, high);
  CHECK(high.quality == Quality::out_of_range);
  CHECK(high.over_range == RangeSide::high);
  CHECK(high.value == 4.0);
  CHECK(high.reason == "读数 5.20 超出量程上限 4.00");
  Sample again = high;
  judge_range(range, again);  // idempotent: the rules thread and the engine both judge it
  CHECK(again.value == 4.0);
  CHECK(again.reason == high.reason);

  Sample low = over(-0.3, RangeSide::none, Quality::good);
  judge_range(range, low);
  CHECK(low.over_range == RangeSide::low);
  CHECK(low.value == 0.0);

  Sample inside = over(2.0, RangeSide::none, Quality::good);
  judge_range(range, inside);
  CHECK(inside.quality == Quality::good);
  CHECK(inside.value == 2.0);
}

TEST_CASE("a driver's side gives the limit, without a range the device's number is not kept") {
  Sample said = over(0.0, RangeSide::high);  // the status word says over range, register reads 0
  judge_range(MeasuringRange{0, 4.0}, said);
  CHECK(said.value == 4.0);
  Sample unknown_side = over(2.0);  // out of range by the status word, value inside: side unknown
  judge_range(MeasuringRange{0, 4.0}, unknown_side);
  CHECK(unknown_side.over_range == RangeSide::none);
  Sample no_range = over(6553.5, RangeSide::high);
  judge_range(std::nullopt, no_range);
  CHECK(std::isnan(no_range.value));
  CHECK(no_range.over_range == RangeSide::high);
}

TEST_CASE("methane past the top of its range trips alarm and power cut, then power_not_cut") {
  Engine e({point(kCh4, "回风隅角甲烷"), point(kFeed, "工作面馈电", "")}, {ranged_corner()});
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.3, 0);
  const auto& out = e.sample(kCh4, 6.5, 1, Quality::good);
  const Condition limit = only(out, "face3.ch4/limit");
  CHECK(limit.active);
  CHECK(limit.level == "power_cut");
  CHECK(limit.value == 4.0);
  CHECK(limit.message == "回风隅角甲烷 4.00 %CH4（超量程） ≥ 断电值 1.50");
  const Condition fault = only(out, "face3.ch4/fault");
  CHECK(fault.active);  // besides the sensor fault
  CHECK(e.engine.latest(kCh4)->quality == Quality::out_of_range);
  CHECK(e.engine.latest(kCh4)->value == 4.0);
  // The feed stays on past the cut time: the major hazard, as for a measured exceedance.
  const Condition hazard = only(e.tick(3.5), "face3.ch4/power_not_cut");
  CHECK(hazard.active);
  CHECK(hazard.major_hazard);
}

TEST_CASE("a driver-reported high over-range trips every high level, even above the range top") {
  PointRules r = ranged_corner();
  r.limits.push_back(high("evacuate", 10.0, 10.0, 1));  // a level the head can never measure
  Engine e({point(kCh4), point(kFeed, "", "")}, {r});
  e.sample(kCh4, 0.3, 0);
  Sample s = over(0.0, RangeSide::high);
  s.point = *e.engine.index_of(kCh4);
  s.time = wall(1);
  e.out.clear();
  e.engine.on_sample(s, steady(1), e.out);
  const Condition limit = only(e.out, "face3.ch4/limit");
  CHECK(limit.level == "evacuate");
  CHECK(limit.value == 4.0);
}

TEST_CASE("a low-side over-range trips the below levels, not the above ones") {
  PointRules r;
  r.point = kO2;
  r.limits = {low("low", 20.0, 20.0), high("high", 23.5, 23.5)};
  r.range = MeasuringRange{18.0, 25.0};
  Engine e({point(kO2, "氧气", "%vol")}, {r});
  e.sample(kO2, 20.9, 0);
  const Condition c = only(e.sample(kO2, 10.0, 1), "face3.o2/limit");
  CHECK(c.active);
  CHECK(c.level == "low");
  CHECK(c.low);
  CHECK(c.value == 18.0);
}

TEST_CASE("an out_of_range reading of unknown side still holds the limit as before") {
  Engine e({point(kCh4), point(kFeed, "", "")}, {ranged_corner()});
  e.sample(kCh4, 0.3, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 1, Quality::out_of_range), "face3.ch4/limit"));
}

TEST_CASE("after a reload a point held over range is neither cleared nor raised again") {
  Engine before({point(kCh4, "回风隅角甲烷"), point(kFeed, "", "")}, {ranged_corner()});
  before.sample(kCh4, 0.3, 0);
  REQUIRE(only(before.sample(kCh4, 6.5, 1), "face3.ch4/limit").level == "power_cut");

  Engine after({point(kFeed, "", ""), point(kCh4, "回风隅角甲烷")}, {ranged_corner()});
  after.engine.carry_over(before.engine, steady(2));
  after.tick(2);
  // Still past the range: the same level, the same value, nothing new to say.
  CHECK_FALSE(reports(after.sample(kCh4, 6.5, 3), "face3.ch4/limit"));
  CHECK(after.engine.latest(kCh4)->value == 4.0);
}

}  // namespace sw::rules::test
