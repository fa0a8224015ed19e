// SPDX-License-Identifier: Apache-2.0
#include "rules/rate_rule.hpp"

#include <cmath>

#include "rules/condition_text.hpp"

namespace sw::rules {

void RateRule::on_value(const RulePoint& point, double value, WallTime observed, const Moment& at,
                        std::vector<Condition>& out) {
  if (!enabled(point)) return;
  const double rate_max = *point.settings->rate_max;
  const bool judged = has_previous_ && observed > previous_time_;
  double rate = kNoValue;
  if (judged) {
    const double minutes =
        std::chrono::duration<double, std::ratio<60>>(observed - previous_time_).count();
    rate = std::fabs(value - previous_) / minutes;
  }
  // A reading with the same or an earlier time (a repeated sample, a clock step) judges nothing.
  if (has_previous_ && !judged) return;
  has_previous_ = true;
  previous_ = value;
  previous_time_ = observed;
  if (!judged && report_.reported()) return;  // the first reading after a gap

  const bool active = judged ? rate > rate_max : report_.active();
  if (!report_.due(active, active ? 1 : 0, rate, false)) return;
  report_.sent(active, active ? 1 : 0, rate, false);

  // The value is NaN on the first reading: no rate yet.
  Condition& c = add_condition(out, point, "rate", "rate", active, rate, at.wall);
  const std::string name(point.name);
  if (!active) {
    c.message = name + " 变化速率正常";
    return;
  }
  const std::string per_minute = point.unit.empty() ? "/min" : std::string(point.unit) + "/min";
  c.level = "rate";
  c.rank = 1;
  c.priority = 3;
  c.threshold = rate_max;
  c.message = name + " 变化速率 " + format_number(rate) + " " + per_minute + " > " +
              format_number(rate_max);
}

}  // namespace sw::rules
