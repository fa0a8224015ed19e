// SPDX-License-Identifier: Apache-2.0
#pragma once
// One composite rule ([[rule]], source "rule/<name>"): an expression over points, judged whenever
// one of its points changes, debounced by on/off delays like a limit level.
#include <string>
#include <vector>

#include "rules/condition.hpp"
#include "rules/delayed_switch.hpp"
#include "rules/expression.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class CompositeEvaluator {
 public:
  // `expression` is bound to the engine's per-point values.
  CompositeEvaluator(const CompositeRule& rule, Expression expression);

  // Judges the expression with the current values. `point_value` is the value of the point the
  // alarm is reported against (NaN when its quality is not good).
  void evaluate(double point_value, const Moment& at, std::vector<Condition>& out);
  void advance(const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline() const { return state_.deadline(); }
  const std::vector<std::string>& variables() const { return expression_.variables(); }
  // A reload: whether `old` judges the same rule (name, expression, point, level, delays, texts),
  // and if so goes on from its state as if there had been no reload.
  bool same_rule(const CompositeEvaluator& old) const;
  void carry_state_from(const CompositeEvaluator& old);

 private:
  void report(const Moment& at, std::vector<Condition>& out);

  CompositeRule rule_;
  std::string source_;
  Expression expression_;
  DelayedSwitch state_;
  double value_ = kNoValue;
  SourceReport report_;
};

}  // namespace sw::rules
