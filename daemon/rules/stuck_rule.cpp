// SPDX-License-Identifier: Apache-2.0
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

void StuckRule::on_value(const RulePoint& point, double value, const Moment& at,
                         std::vector<Condition>& out) {
  if (!enabled(point)) return;
  if (has_reference_ && unchanged(value, reference_)) {
    if (!timing_) {
      timing_ = true;
      since_ = at.steady;
    }
    advance(point, at, out);
    report(point, report_.active(), at, out);  // the first evaluation
    return;
  }
  has_reference_ = true;
  timing_ = true;
  reference_ = value;
  since_ = at.steady;
  report(point, false, at, out);
}

void StuckRule::forget() {
  timing_ = false;
  if (!report_.active()) has_reference_ = false;
}

void StuckRule::advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out) {
  if (!enabled(point) || report_.active()) return;
  const SteadyTime due = deadline(point);
  if (due > now.steady) return;
  report(point, true, moment_at(now, due), out);
}

SteadyTime StuckRule::deadline(const RulePoint& point) const {
  if (!enabled(point) || !timing_ || report_.active()) return SteadyTime::max();
  return since_ + *point.settings->stuck_after;
}

void StuckRule::report(const RulePoint& point, bool active, const Moment& at,
                       std::vector<Condition>& out) {
  if (!report_.due(active, active ? 1 : 0, reference_, false)) return;
  report_.sent(active, active ? 1 : 0, reference_, false);
  Condition& c = add_condition(out, point, "stuck", "stuck", active, reference_, at.wall);
  if (!active) {
    c.message = reading(point.name, reference_, point.unit) + " 数值变化正常";
    return;
  }
  c.level = "stuck";
  c.rank = 1;
  c.priority = 3;
  c.message = reading(point.name, reference_, point.unit) + " 已 " +
              format_duration(*point.settings->stuck_after) + " 未变化（疑似传感器失效）";
}

}  // namespace sw::rules
