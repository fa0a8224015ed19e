#include "rules/rate_rule.hpp"

#include <cmath>

#include "rules/condition_text.hpp"

namespace sw::rules {

RateRule::RateRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/rate"),
      point_(info.id),
      name_(point_name(info)),
      unit_(info.unit),
      rate_max_(rules.rate_max) {}

void RateRule::on_value(double value, WallTime observed, const Moment& at,
                        std::vector<Condition>& out) {
  if (!enabled()) return;
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

  const bool active = judged ? rate > *rate_max_ : report_.active();
  if (!report_.due(active, active ? 1 : 0, rate, false)) return;
  report_.sent(active, active ? 1 : 0, rate, false);

  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "rate";
  c.point = point_;
  c.active = active;
  c.value = rate;  // NaN on the first reading: no rate yet
  c.time = at.wall;
  const std::string per_minute = unit_.empty() ? "/min" : unit_ + "/min";
  if (!active) {
    c.message = name_ + " 变化速率正常";
    return;
  }
  c.level = "rate";
  c.rank = 1;
  c.priority = 3;
  c.threshold = *rate_max_;
  c.message = name_ + " 变化速率 " + format_number(rate) + " " + per_minute + " > " +
              format_number(*rate_max_);
}

}  // namespace sw::rules
