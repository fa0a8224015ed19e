// SPDX-License-Identifier: Apache-2.0
#include "rules/calibration_rule.hpp"

#include <string>

#include "rules/calibration_date.hpp"

namespace sw::rules {

CalibrationRule::CalibrationRule(const RulePoint& point) {
  if (!point.calibration_due.empty()) overdue_at_ = calibration_overdue_at(point.calibration_due);
}

void CalibrationRule::evaluate(const RulePoint& point, WallTime now, std::vector<Condition>& out) {
  if (!enabled()) return;
  const bool overdue = now >= *overdue_at_;
  if (!report_.due(overdue, overdue ? 1 : 0, kNoValue, false)) return;
  report_.sent(overdue, overdue ? 1 : 0, kNoValue, false);
  Condition& c = add_condition(out, point, "calibration", "calibration", overdue, kNoValue, now);
  const std::string name(point.name);
  const std::string due(point.calibration_due);
  if (!overdue) {
    c.message = name + " 调校有效期至 " + due;
    return;
  }
  c.level = "overdue";
  c.rank = 1;
  c.priority = 1;
  // A major hazard where the site's standard makes it one (coal high-gas and outburst mines,
  // 判定标准 第七条(二)): the category says so; without one it is an alarm.
  c.hazard_category = point.settings->calibration_hazard_category;
  c.major_hazard = !c.hazard_category.empty();
  c.clause = point.settings->calibration_clause;
  c.message = name + " 调校已过期（有效期至 " + due + "）";
}

std::optional<WallTime> CalibrationRule::next_change() const {
  if (!enabled() || report_.active()) return std::nullopt;
  return overdue_at_;
}

}  // namespace sw::rules
