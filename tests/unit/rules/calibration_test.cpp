// SPDX-License-Identifier: Apache-2.0
// Calibration (调校) overdue: a sensor "not calibrated as required" is a major hazard where the
// site's standard makes it one (coal high-gas and outburst mines: 煤矿重大事故隐患判定标准
// 第七条(二)). Due dates are calendar days in China Standard Time.
#include "rules/calibration_date.hpp"
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kCalibration = "face3.ch4/calibration";

Engine due_on(const std::string& date) {
  PointRules r = return_corner(kCh4);
  r.calibration_due = date;
  return Engine({point(kCh4, "甲烷")}, {r});
}
}  // namespace

TEST_CASE("a calibration due date becomes overdue at the start of the next day, Beijing time") {
  const auto t = calibration_overdue_at("2026-12-31");
  REQUIRE(t);
  CHECK(format_iso8601(*t) == "2026-12-31T16:00:00.000Z");  // 2027-01-01 00:00 UTC+8
}

TEST_CASE("calibration dates must be real days written YYYY-MM-DD") {
  CHECK(calibration_overdue_at("2028-02-29"));
  CHECK_FALSE(calibration_overdue_at("2026-02-29"));
  CHECK_FALSE(calibration_overdue_at("2026-13-01"));
  CHECK_FALSE(calibration_overdue_at("2026-12-32"));
  CHECK_FALSE(calibration_overdue_at("2026-1-5"));
  CHECK_FALSE(calibration_overdue_at("2026/12/31"));
  CHECK_FALSE(calibration_overdue_at("31.12.2026"));
  CHECK_FALSE(calibration_overdue_at(""));
  CHECK_FALSE(calibration_overdue_at("2026-12-3x"));
}

TEST_CASE("the first tick reports a calibration source that is not yet due") {
  Engine e = due_on("2026-12-31");
  const Condition c = only(e.tick_at_wall(0, *calibration_overdue_at("2026-12-30")), kCalibration);
  CHECK_FALSE(c.active);
  CHECK(c.rule == "calibration");
  CHECK(c.message == "甲烷 调校有效期至 2026-12-31");
}

TEST_CASE("past the due date calibration is overdue, a major hazard") {
  Engine e = due_on("2026-12-31");
  const WallTime overdue = *calibration_overdue_at("2026-12-31");
  e.tick_at_wall(0, overdue - 1h);
  CHECK(e.engine.next_deadline() == steady(3600));
  CHECK_FALSE(reports(e.tick_at_wall(3599, overdue - 1s), kCalibration));
  const Condition c = only(e.tick_at_wall(3600, overdue), kCalibration);
  CHECK(c.active);
  CHECK(c.level == "overdue");
  CHECK(c.major_hazard);
  CHECK(c.priority == 1);
  CHECK(c.hazard_category == "高瓦斯矿井监控系统不能正常运行");
  CHECK(c.clause == "煤矿重大事故隐患判定标准 第七条(二) 未按照国家规定调校甲烷传感器");
  CHECK(c.message == "甲烷 调校已过期（有效期至 2026-12-31）");
  CHECK(c.time == overdue);
  CHECK_FALSE(reports(e.tick_at_wall(7200, overdue + 1h), kCalibration));
}

TEST_CASE("a wall clock stepped forward past the due date is noticed on the next tick") {
  Engine e = due_on("2026-12-31");
  const WallTime overdue = *calibration_overdue_at("2026-12-31");
  e.tick_at_wall(0, overdue - 24h);
  // NTP steps the clock a day ahead; the steady deadline has not come, the wall date has.
  CHECK(only(e.tick_at_wall(1, overdue + 1s), kCalibration).active);
}

TEST_CASE("a gateway started after the due date reports calibration overdue on its first tick") {
  Engine e = due_on("2020-01-01");
  CHECK(only(e.tick(0), kCalibration).active);
}

TEST_CASE("without a calibration hazard category an overdue calibration is an alarm, no hazard") {
  PointRules r = return_corner(kCh4);
  r.calibration_due = "2026-12-31";
  r.calibration_hazard_category.clear();  // a low-gas coal mine: 第七条 does not apply
  Engine e({point(kCh4, "甲烷")}, {r});
  const Condition c = only(e.tick_at_wall(0, *calibration_overdue_at("2026-12-31")), kCalibration);
  CHECK(c.active);
  CHECK_FALSE(c.major_hazard);
}

}  // namespace sw::rules::test
