// SPDX-License-Identifier: Apache-2.0
// A sensor held in calibration (or inhibited) or warming up past its limit is caught (issue 17
// §2): its alarms are suppressed by design while it says so, and left that way it would be
// invisible — 人为造成甲烷传感器失效 / 屏蔽.
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kMasked = "face3.ch4/masked";

PointRules masked_rules(Millis max_calibration, Millis max_warm_up) {
  PointRules r = return_corner(kCh4);
  r.max_calibration = max_calibration;
  r.max_warm_up = max_warm_up;
  return r;
}
}  // namespace

TEST_CASE("the first sample reports the masked source as clear") {
  Engine e({point(kCh4, "甲烷")}, {masked_rules(60s, 30s)});
  const Condition c = only(e.sample(kCh4, 0.2, 0), kMasked);
  CHECK_FALSE(c.active);
  CHECK(c.rule == "masked");
  CHECK_FALSE(reports(e.sample(kCh4, 0.2, 1), kMasked));
}

TEST_CASE("a sensor calibrating past max_calibration raises masked, a major hazard, at the limit") {
  Engine e({point(kCh4, "甲烷")}, {masked_rules(60s, 30s)});
  e.sample(kCh4, 0.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 10, Quality::calibrating), kMasked));
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 40, Quality::calibrating), kMasked));
  CHECK(e.engine.next_deadline() <= steady(70));
  CHECK_FALSE(reports(e.tick(69.999), kMasked));
  const Condition c = only(e.tick(70), kMasked);
  CHECK(c.active);
  CHECK(c.level == "masked");
  CHECK(c.priority == 1);
  CHECK(c.major_hazard);
  CHECK(c.hazard_category == "高瓦斯矿井监控系统不能正常运行");
  CHECK_THAT(c.clause, Catch::Contains("第七条(二)") && Catch::Contains("第十八条(六)"));
  CHECK(c.time == wall(70));
  CHECK(c.message == "甲烷 传感器标校（屏蔽）超过 1 分钟，报警被抑制");
  // Still calibrating: nothing new; a good reading ends it.
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 80, Quality::calibrating), kMasked));
  const Condition back = only(e.sample(kCh4, 0.2, 90), kMasked);
  CHECK_FALSE(back.active);
  CHECK(back.message == "甲烷 传感器恢复监测");
}

TEST_CASE("warming up has its own limit, and a calibration that ends in time raises nothing") {
  Engine e({point(kCh4)}, {masked_rules(60s, 30s)});
  e.sample(kCh4, 0, 0, Quality::warming_up);
  CHECK_FALSE(reports(e.tick(29.9), kMasked));
  CHECK(only(e.tick(30), kMasked).message == "face3.ch4 传感器预热超过 30 秒，报警被抑制");
  e.sample(kCh4, 0.2, 31);
  e.sample(kCh4, 0.2, 40, Quality::calibrating);
  CHECK_FALSE(reports(e.sample(kCh4, 0.2, 99), kMasked));  // back within 60 s
  CHECK_FALSE(reports(e.tick(200), kMasked));
}

TEST_CASE("a failed read ends the held state: that is a sensor fault, not masking") {
  Engine e({point(kCh4)}, {masked_rules(60s, 30s)});
  e.sample(kCh4, 0, 0, Quality::calibrating);
  e.sample(kCh4, 0, 30, Quality::comm_loss);
  e.sample(kCh4, 0, 40, Quality::calibrating);  // a new hold counts from here
  CHECK_FALSE(reports(e.tick(99.9), kMasked));
  CHECK(only(e.tick(100), kMasked).active);
}

TEST_CASE("without a hazard category masked is an alarm, not a major hazard") {
  PointRules r = masked_rules(60s, 30s);
  r.masked_hazard_category.clear();
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 0, 0, Quality::calibrating);
  const Condition c = only(e.tick(60), kMasked);
  CHECK(c.active);
  CHECK_FALSE(c.major_hazard);
}

}  // namespace sw::rules::test
