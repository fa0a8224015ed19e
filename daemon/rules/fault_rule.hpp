// SPDX-License-Identifier: Apache-2.0
#pragma once
// Sensor fault and communication loss (source "<point>/fault"): a failed quality (comm_loss,
// device_fault, out_of_range, stale) that lasts fault_after raises level "fault"; not restored
// within major_fault_after it escalates on the same source to "fault_unrestored", a major hazard
// (coal: 煤矿重大事故隐患判定标准 第十八条(六), the monitoring system not working; clause and
// category from the settings, which default by site type).
#include <string>
#include <vector>

#include "core/quality.hpp"
#include "rules/condition.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class FaultRule {
 public:
  // The quality of a sample (or a detected staleness) at `at`. Warming up and calibrating are not
  // failures: the sensor answers and says what it is doing.
  void on_quality(const RulePoint& point, Quality quality, const std::string& reason,
                  const Moment& at, std::vector<Condition>& out);
  void advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline(const RulePoint& point) const;
  // Its next evaluation reports its state as if for the first time (its device answers again
  // after its fault was held back as consequential: device_watch.hpp).
  void report_afresh() { report_ = SourceReport{}; }

 private:
  enum class Stage : unsigned char { none, fault, unrestored };
  SteadyTime due_of(const RulePoint& point, Stage stage) const;
  void report(const RulePoint& point, const Moment& at, std::vector<Condition>& out);

  SteadyTime since_{};
  std::string reason_;  // of the first failure (empty for most failures: no heap)
  SourceReport report_;
  Quality quality_ = Quality::good;
  Stage stage_ = Stage::none;
  bool failing_ = false;
};

}  // namespace sw::rules
