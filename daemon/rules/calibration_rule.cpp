#include "rules/calibration_rule.hpp"

#include <stdexcept>

#include "rules/calibration_date.hpp"
#include "rules/condition_text.hpp"

namespace sw::rules {

CalibrationRule::CalibrationRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/calibration"),
      point_(info.id),
      name_(point_name(info)),
      due_(rules.calibration_due.value_or("")),
      clause_(rules.calibration_clause) {
  if (!rules.calibration_due) return;
  overdue_at_ = calibration_overdue_at(*rules.calibration_due);
  if (!overdue_at_)
    throw std::invalid_argument("point " + info.id + ": calibration_due \"" +
                                *rules.calibration_due + "\" is not a date YYYY-MM-DD");
}

void CalibrationRule::evaluate(WallTime now, std::vector<Condition>& out) {
  if (!enabled()) return;
  const bool overdue = now >= *overdue_at_;
  if (!report_.due(overdue, overdue ? 1 : 0, kNoValue, false)) return;
  report_.sent(overdue, overdue ? 1 : 0, kNoValue, false);
  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "calibration";
  c.point = point_;
  c.active = overdue;
  c.value = kNoValue;
  c.time = now;
  if (!overdue) {
    c.message = name_ + " 标定有效期至 " + due_;
    return;
  }
  c.level = "overdue";
  c.rank = 1;
  c.priority = 1;
  c.major_hazard = true;
  c.hazard_category = "监控系统不能正常运行";
  c.clause = clause_;
  c.message = name_ + " 标定已过期（有效期至 " + due_ + "）";
}

std::optional<WallTime> CalibrationRule::next_change() const {
  if (!enabled() || report_.active()) return std::nullopt;
  return overdue_at_;
}

}  // namespace sw::rules
