// SPDX-License-Identifier: Apache-2.0
#pragma once
// Stuck value (source "<point>/stuck"): a good value that has not changed for stuck_after. A gas
// sensor never reads exactly the same for hours; a frozen reading is a dead sensor or a converter
// repeating its last value, and the device still says "good".
#include <vector>

#include "rules/condition.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class StuckRule {
 public:
  static bool enabled(const RulePoint& point) { return point.settings->stuck_after.has_value(); }
  void on_value(const RulePoint& point, double value, const Moment& at,
                std::vector<Condition>& out);
  // A gap in good readings: the clock restarts. An active stuck alarm is held until a good reading
  // shows the value moving.
  void forget();
  void advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline(const RulePoint& point) const;

 private:
  void report(const RulePoint& point, bool active, const Moment& at, std::vector<Condition>& out);

  double reference_ = 0;
  SteadyTime since_{};
  SourceReport report_;
  bool has_reference_ = false;
  bool timing_ = false;  // the clock runs (a good reading since the last gap)
};

}  // namespace sw::rules
