// SPDX-License-Identifier: Apache-2.0
#pragma once
// Calibration overdue (source "<point>/calibration"): past the point's calibration_due date the
// sensor is "not calibrated (调校) as required": a major hazard where the site's standard makes it
// one (coal high-gas and outburst mines: 煤矿重大事故隐患判定标准 第七条(二)).
// Judged on wall time, in the engine's tick.
#include <optional>
#include <vector>

#include "rules/condition.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class CalibrationRule {
 public:
  // PointTable has made sure calibration_due is a date.
  explicit CalibrationRule(const RulePoint& point);

  bool enabled() const { return overdue_at_.has_value(); }
  void evaluate(const RulePoint& point, WallTime now, std::vector<Condition>& out);
  // When it becomes overdue (wall time), if it is not yet.
  std::optional<WallTime> next_change() const;

 private:
  std::optional<WallTime> overdue_at_;
  SourceReport report_;
};

}  // namespace sw::rules
