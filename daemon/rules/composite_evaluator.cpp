// SPDX-License-Identifier: Apache-2.0
#include "rules/composite_evaluator.hpp"

#include <cmath>
#include <tuple>

namespace sw::rules {

bool CompositeEvaluator::same_rule(const CompositeEvaluator& old) const {
  // Where each was written (ConfigPlace) does not matter; what it judges and says does.
  const auto judged = [](const CompositeRule& r) {
    return std::tie(r.name, r.expression, r.point, r.level, r.priority, r.on_delay, r.off_delay,
                    r.major_hazard, r.hazard_category, r.clause, r.message);
  };
  return judged(rule_) == judged(old.rule_);
}

void CompositeEvaluator::carry_state_from(const CompositeEvaluator& old) {
  state_ = old.state_;
  value_ = old.value_;
  report_ = old.report_;
}

CompositeEvaluator::CompositeEvaluator(const CompositeRule& rule, Expression expression)
    : rule_(rule),
      source_("rule/" + rule.name),
      expression_(std::move(expression)),
      state_(rule.on_delay, rule.off_delay) {}

void CompositeEvaluator::evaluate(double point_value, const Moment& at,
                                  std::vector<Condition>& out) {
  advance(at, out);
  value_ = point_value;
  const double result = expression_.evaluate();
  const bool holds = !std::isnan(result) && result != 0;
  state_.update(holds ? DelayedSwitch::Input::trip : DelayedSwitch::Input::restore, at.steady);
  report(at, out);
}

void CompositeEvaluator::advance(const Moment& now, std::vector<Condition>& out) {
  const SteadyTime due = state_.deadline();
  if (due > now.steady) return;
  state_.advance(due);
  report(moment_at(now, due), out);
}

void CompositeEvaluator::report(const Moment& at, std::vector<Condition>& out) {
  const bool active = state_.active();
  if (!report_.due(active, active ? 1 : 0, kNoValue, false)) return;
  report_.sent(active, active ? 1 : 0, kNoValue, false);
  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = rule_.name;
  c.point = rule_.point;
  c.active = active;
  c.value = value_;
  c.time = at.wall;
  if (!active) {
    c.message = rule_.name + " 已恢复";
    return;
  }
  c.level = rule_.level;
  c.rank = 1;
  c.priority = rule_.priority;
  c.major_hazard = rule_.major_hazard;
  c.hazard_category = rule_.hazard_category;
  c.clause = rule_.clause;
  c.message = rule_.message;
}

}  // namespace sw::rules
