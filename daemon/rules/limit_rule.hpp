// SPDX-License-Identifier: Apache-2.0
#pragma once
// The limits of one point (source "<point>/limit"): several levels, each with hysteresis and
// on/off delays, reported as one source at its most severe active level, so going from alarm to
// power_cut and back is a change of level on the same alarm (escalation, de-escalation).
#include <optional>
#include <vector>

#include "core/quality.hpp"
#include "rules/condition.hpp"
#include "rules/delayed_switch.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class LimitRule {
 public:
  // `states` holds one switch per level of point.settings->limits (the engine keeps every point's
  // switches in one array), built from the level's delays.
  explicit LimitRule(DelayedSwitch* states) : states_(states) {}
  // The switches of point.settings->limits, in order, for the engine's array.
  static void add_states(const RulePoint& point, std::vector<DelayedSwitch>& states);

  bool enabled(const RulePoint& point) const { return !point.settings->limits.empty(); }
  // Whether a good value has been judged yet (before that nothing is known, nothing reported).
  bool evaluated() const { return report_.reported(); }

  // A good value at `at`: levels trip, restore, or start their delays.
  void on_value(const RulePoint& point, double value, const Moment& at,
                std::vector<Condition>& out);
  // A reading past the measuring range on a known side, `limit` being that side's range limit:
  // the reading is at least (high) or at most (low) the limit, so every level of that direction
  // trips (through its on-delay), whatever its threshold; the other direction judges `limit`.
  void on_over_range(const RulePoint& point, RangeSide side, double limit, const Moment& at,
                     std::vector<Condition>& out);
  // The value cannot be judged (quality not good, or warming up / calibrating): active levels are
  // held, pending trips and clears are called off. A sensor that is being calibrated with test gas
  // raises nothing; an alarm that was active stays active until a good value shows it restored.
  void hold(const RulePoint& point);
  // Applies delays that ran out by `now`, each stamped with the moment it fell due.
  void advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline(const RulePoint& point) const;

  // The most severe active level that cuts power, or nullptr.
  const LimitLevel* cut_level(const RulePoint& point) const;
  // Since when a power cut has been due (the first active cuts_power level became active).
  std::optional<SteadyTime> cut_since(const RulePoint& point) const;
  // The last good value judged.
  double value() const { return value_; }
  // A reload: goes on from `old`, a rule of a point whose settings did not change (so both have
  // the same levels), as if there had been no reload.
  void carry_state_from(const LimitRule& old, const RulePoint& point);

 private:
  // The most severe active level's index, or -1.
  int worst_active(const RulePoint& point) const;
  void report(const RulePoint& point, const Moment& at, std::vector<Condition>& out);

  DelayedSwitch* states_;
  double value_ = kNoValue;
  SourceReport report_;
  RangeSide over_range_ = RangeSide::none;  // of the last value judged
};

}  // namespace sw::rules
