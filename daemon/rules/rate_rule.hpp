// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rate of change (source "<point>/rate"): the change between two consecutive good readings, per
// minute of observation time, above rate_max. A methane reading that jumps faster than gas can
// spread is a sensor or wiring problem; one that climbs fast is an outburst warning.
#include <vector>

#include "rules/condition.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class RateRule {
 public:
  static bool enabled(const RulePoint& point) { return point.settings->rate_max.has_value(); }
  // A good value observed at `observed` (the sample's time: the rules thread may take several
  // samples in one turn, so processing time says nothing about the interval).
  void on_value(const RulePoint& point, double value, WallTime observed, const Moment& at,
                std::vector<Condition>& out);
  // A gap in good readings: no rate across it. An active rate alarm is held until two good
  // readings judge it again.
  void forget() { has_previous_ = false; }

 private:
  double previous_ = 0;
  WallTime previous_time_{};
  SourceReport report_;
  bool has_previous_ = false;
};

}  // namespace sw::rules
