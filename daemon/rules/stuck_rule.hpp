#pragma once
// Stuck value (source "<point>/stuck"): a good value that has not changed for stuck_after. A gas
// sensor never reads exactly the same for hours; a frozen reading is a dead sensor or a converter
// repeating its last value, and the device still says "good".
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class StuckRule {
 public:
  StuckRule(const PointInfo& info, const PointRules& rules);

  bool enabled() const { return stuck_after_.has_value(); }
  void on_value(double value, const Moment& at, std::vector<Condition>& out);
  // A gap in good readings: the clock restarts. An active stuck alarm is held until a good reading
  // shows the value moving.
  void forget();
  void advance(const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline() const;

 private:
  void report(bool active, const Moment& at, std::vector<Condition>& out);

  std::string source_;
  PointId point_;
  std::string name_;
  std::string unit_;
  std::optional<Millis> stuck_after_;
  bool has_reference_ = false;
  bool timing_ = false;  // the clock runs (a good reading since the last gap)
  double reference_ = 0;
  SteadyTime since_{};
  SourceReport report_;
};

}  // namespace sw::rules
