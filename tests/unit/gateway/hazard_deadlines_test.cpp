// SPDX-License-Identifier: Apache-2.0
// A 隐患台账 record past its 期限 raises an alarm through the alarm book, and it ends when the
// record is rectified, closed or given a new 期限 (issue 14 §3).
#include <catch2/catch.hpp>

#include "hazard_deadlines.hpp"

using namespace sw;
using namespace std::chrono_literals;

namespace {

store::HazardRecord planned(std::int64_t id, const std::string& deadline) {
  store::HazardRecord r;
  r.id = id;
  r.category = "瓦斯超限作业";
  r.clause = "第五条(二)";
  r.state = store::HazardState::rectifying;
  r.plan = {"李四", "调整传感器位置", "0.5万元", deadline, "瓦斯超限撤人预案"};
  return r;
}

}  // namespace

TEST_CASE("a record past its 期限 gives an active overdue condition, one within it none") {
  const WallTime now = *local_day_start("2026-12-07") + 9h;
  store::HazardRecord late = planned(2, "2026-12-01");
  late.supervised = true;
  store::HazardRecord due = planned(3, "2026-12-31");
  due.point = "face3.ch4";
  const auto out = overdue_conditions({late, due}, {}, now, {});
  REQUIRE(out.size() == 1);
  CHECK(out[0].source == "hazard/2/overdue");
  CHECK(out[0].rule == kHazardOverdueRule);
  CHECK(out[0].point == "hazard/2");  // it names no point of its own
  CHECK(out[0].active);
  CHECK(out[0].priority == 1);       // under 挂牌督办
  CHECK_FALSE(out[0].major_hazard);  // else it would open a record of its own
  CHECK_THAT(out[0].message, Catch::Contains("2026-12-01") && Catch::Contains("李四"));
}

TEST_CASE("an overdue alarm whose record is no longer overdue gets an inactive condition") {
  const WallTime now = *local_day_start("2026-12-07") + 9h;
  alarms::AlarmRecord alarm;
  alarm.source = "hazard/2/overdue";
  alarm.rule = kHazardOverdueRule;
  alarm.point = "hazard/2";
  alarm.condition_active = true;
  alarms::AlarmRecord other = alarm;
  other.source = "face3.ch4/limit";
  other.rule = "limit";
  // Record 2 was rectified (not in the open list any more); the methane alarm is not ours.
  const auto out = overdue_conditions({}, {alarm, other}, now, {});
  REQUIRE(out.size() == 1);
  CHECK(out[0].source == "hazard/2/overdue");
  CHECK_FALSE(out[0].active);
  // Still overdue: the active condition again, no inactive one.
  const auto again = overdue_conditions({planned(2, "2026-12-01")}, {alarm}, now, {});
  REQUIRE(again.size() == 1);
  CHECK(again[0].active);
}

TEST_CASE("an overdue alarm's priority follows the record's category, 挂牌督办 always first") {
  const WallTime now = *local_day_start("2026-12-07") + 9h;
  store::HazardRecord gas = planned(2, "2026-12-01");  // 瓦斯超限作业: urgent by default
  store::HazardRecord belt = planned(3, "2026-12-01");
  belt.category = "其他重大事故隐患";
  store::HazardRecord supervised_belt = belt;
  supervised_belt.id = 4;
  supervised_belt.supervised = true;
  const config::ReportSettings defaults;
  const auto out = overdue_conditions({gas, belt, supervised_belt}, {}, now, defaults);
  REQUIRE(out.size() == 3);
  CHECK(out[0].priority == 1);
  CHECK(out[1].priority == 2);
  CHECK(out[2].priority == 1);

  // A site that lists its own urgent categories.
  config::ReportSettings site;
  site.urgent_categories = {"其他重大事故隐患"};
  const auto mine = overdue_conditions({gas, belt}, {}, now, site);
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].priority == 2);
  CHECK(mine[1].priority == 1);
}
