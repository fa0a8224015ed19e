#include "rules/stuck_rule.hpp"

#include <algorithm>
#include <cmath>

#include "rules/condition_text.hpp"

namespace sw::rules {

namespace {
// Unchanged: equal, or within rounding of a converted float (a register scaled by 0.1).
bool unchanged(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}
}  // namespace

StuckRule::StuckRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/stuck"),
      point_(info.id),
      name_(point_name(info)),
      unit_(info.unit),
      stuck_after_(rules.stuck_after) {}

void StuckRule::on_value(double value, const Moment& at, std::vector<Condition>& out) {
  if (!enabled()) return;
  if (has_reference_ && unchanged(value, reference_)) {
    if (!timing_) {
      timing_ = true;
      since_ = at.steady;
    }
    advance(at, out);
    report(report_.active(), at, out);  // the first evaluation
    return;
  }
  has_reference_ = true;
  timing_ = true;
  reference_ = value;
  since_ = at.steady;
  report(false, at, out);
}

void StuckRule::forget() {
  timing_ = false;
  if (!report_.active()) has_reference_ = false;
}

void StuckRule::advance(const Moment& now, std::vector<Condition>& out) {
  if (!enabled() || report_.active()) return;
  const SteadyTime due = deadline();
  if (due > now.steady) return;
  report(true, moment_at(now, due), out);
}

SteadyTime StuckRule::deadline() const {
  if (!enabled() || !timing_ || report_.active()) return SteadyTime::max();
  return since_ + *stuck_after_;
}

void StuckRule::report(bool active, const Moment& at, std::vector<Condition>& out) {
  if (!report_.due(active, active ? 1 : 0, reference_, false)) return;
  report_.sent(active, active ? 1 : 0, reference_, false);
  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "stuck";
  c.point = point_;
  c.active = active;
  c.value = reference_;
  c.time = at.wall;
  if (!active) {
    c.message = reading(name_, reference_, unit_) + " 数值变化正常";
    return;
  }
  c.level = "stuck";
  c.rank = 1;
  c.priority = 3;
  c.message = reading(name_, reference_, unit_) + " 已 " + format_duration(*stuck_after_) +
              " 未变化（疑似传感器失效）";
}

}  // namespace sw::rules
