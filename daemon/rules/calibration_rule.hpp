#pragma once
// Calibration overdue (source "<point>/calibration"): past the point's calibration_due date the
// sensor is "not calibrated as required", a major hazard (煤矿重大事故隐患判定标准 (四)②).
// Judged on wall time, in the engine's tick.
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class CalibrationRule {
 public:
  // Throws std::invalid_argument when calibration_due is not a date (the parser refuses it first).
  CalibrationRule(const PointInfo& info, const PointRules& rules);

  bool enabled() const { return overdue_at_.has_value(); }
  void evaluate(WallTime now, std::vector<Condition>& out);
  // When it becomes overdue (wall time), if it is not yet.
  std::optional<WallTime> next_change() const;

 private:
  std::string source_;
  PointId point_;
  std::string name_;
  std::string due_;
  std::optional<WallTime> overdue_at_;
  std::string clause_;
  SourceReport report_;
};

}  // namespace sw::rules
