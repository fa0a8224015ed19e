// SPDX-License-Identifier: Apache-2.0
#include "rules/masked_rule.hpp"

#include "rules/quality_text.hpp"

namespace sw::rules {

void MaskedRule::on_quality(const RulePoint& point, Quality quality, const Moment& at,
                            std::vector<Condition>& out) {
  const bool holding = quality == Quality::calibrating || quality == Quality::warming_up;
  if (!holding) {
    state_ = Quality::good;
    masked_ = false;
  } else if (quality != state_) {
    // From warm-up into calibration (or back) the sensor is still held: its time counts on, but
    // against the limit of what it does now.
    if (!held()) since_ = at.steady;
    state_ = quality;
  }
  advance(point, at, out);
  report(point, at, out);  // the first evaluation, or the restoration
}

Millis MaskedRule::limit(const RulePoint& point) const {
  return state_ == Quality::warming_up ? point.settings->max_warm_up
                                       : point.settings->max_calibration;
}

SteadyTime MaskedRule::deadline(const RulePoint& point) const {
  if (!held() || masked_ || limit(point).count() <= 0) return SteadyTime::max();
  return since_ + limit(point);
}

void MaskedRule::advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out) {
  const SteadyTime due = deadline(point);
  if (due > now.steady) return;
  masked_ = true;
  report(point, moment_at(now, due), out);
}

void MaskedRule::report(const RulePoint& point, const Moment& at, std::vector<Condition>& out) {
  if (!report_.due(masked_, masked_ ? 1 : 0, kNoValue, false)) return;
  report_.sent(masked_, masked_ ? 1 : 0, kNoValue, false);
  Condition& c = add_condition(out, point, "masked", "masked", masked_, kNoValue, at.wall);
  const std::string name(point.name);
  if (!masked_) {
    c.message = name + " 传感器恢复监测";
    return;
  }
  c.level = "masked";
  c.rank = 1;
  c.priority = 1;
  c.clause = point.settings->masked_clause;
  c.hazard_category = point.settings->masked_hazard_category;
  c.major_hazard = !c.hazard_category.empty();
  c.message = name +
              (state_ == Quality::warming_up ? " 传感器预热超过 " : " 传感器标校（屏蔽）超过 ") +
              duration_text(limit(point)) + "，报警被抑制";
}

}  // namespace sw::rules
