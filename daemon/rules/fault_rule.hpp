#pragma once
// Sensor fault and communication loss (source "<point>/fault"): a failed quality (comm_loss,
// device_fault, out_of_range, stale) that lasts fault_after raises level "fault"; not restored
// within major_fault_after it escalates on the same source to "fault_unrestored", a major hazard:
// 煤矿重大事故隐患判定标准 (四)③, a monitoring fault not restored in time.
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "core/quality.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class FaultRule {
 public:
  FaultRule(const PointInfo& info, const PointRules& rules);

  // The quality of a sample (or a detected staleness) at `at`. Warming up and calibrating are not
  // failures: the sensor answers and says what it is doing.
  void on_quality(Quality quality, const std::string& reason, const Moment& at,
                  std::vector<Condition>& out);
  void advance(const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline() const;

 private:
  enum class Stage { none, fault, unrestored };
  SteadyTime due_of(Stage stage) const;
  void report(const Moment& at, std::vector<Condition>& out);

  std::string source_;
  PointId point_;
  std::string name_;
  Millis fault_after_;
  std::optional<Millis> major_fault_after_;
  std::string clause_;
  bool failing_ = false;
  SteadyTime since_{};
  Quality quality_ = Quality::good;
  std::string reason_;
  Stage stage_ = Stage::none;
  SourceReport report_;
};

}  // namespace sw::rules
