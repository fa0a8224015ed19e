#pragma once
// The limits of one point (source "<point>/limit"): several levels, each with hysteresis and
// on/off delays, reported as one source at its most severe active level, so going from alarm to
// power_cut and back is a change of level on the same alarm (escalation, de-escalation).
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/condition.hpp"
#include "rules/delayed_switch.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class LimitRule {
 public:
  LimitRule(const PointInfo& info, const PointRules& rules);

  bool enabled() const { return !levels_.empty(); }
  // Whether a good value has been judged yet (before that nothing is known, nothing reported).
  bool evaluated() const { return report_.reported(); }

  // A good value at `at`: levels trip, restore, or start their delays.
  void on_value(double value, const Moment& at, std::vector<Condition>& out);
  // The value cannot be judged (quality not good, or warming up / calibrating): active levels are
  // held, pending trips and clears are called off. A sensor that is being calibrated with test gas
  // raises nothing; an alarm that was active stays active until a good value shows it restored.
  void hold();
  // Applies delays that ran out by `now`, each stamped with the moment it fell due.
  void advance(const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline() const;

  // The most severe active level that cuts power, or nullptr.
  const LimitLevel* cut_level() const;
  // Since when a power cut has been due (the first active cuts_power level became active).
  std::optional<SteadyTime> cut_since() const;
  // The last good value judged.
  double value() const { return value_; }

 private:
  struct Level {
    LimitLevel limit;
    DelayedSwitch state;
  };
  const Level* worst_active() const;
  void report(const Moment& at, std::vector<Condition>& out);

  std::vector<Level> levels_;
  std::string source_;
  PointId point_;
  std::string name_;
  std::string unit_;
  double value_ = kNoValue;
  SourceReport report_;
};

}  // namespace sw::rules
