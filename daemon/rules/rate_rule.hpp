#pragma once
// Rate of change (source "<point>/rate"): the change between two consecutive good readings, per
// minute of observation time, above rate_max. A methane reading that jumps faster than gas can
// spread is a sensor or wiring problem; one that climbs fast is an outburst warning.
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class RateRule {
 public:
  RateRule(const PointInfo& info, const PointRules& rules);

  bool enabled() const { return rate_max_.has_value(); }
  // A good value observed at `observed` (the sample's time: the rules thread may take several
  // samples in one turn, so processing time says nothing about the interval).
  void on_value(double value, WallTime observed, const Moment& at, std::vector<Condition>& out);
  // A gap in good readings: no rate across it. An active rate alarm is held until two good
  // readings judge it again.
  void forget() { has_previous_ = false; }

 private:
  std::string source_;
  PointId point_;
  std::string name_;
  std::string unit_;
  std::optional<double> rate_max_;
  bool has_previous_ = false;
  double previous_ = 0;
  WallTime previous_time_{};
  SourceReport report_;
};

}  // namespace sw::rules
