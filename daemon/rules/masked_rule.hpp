// SPDX-License-Identifier: Apache-2.0
#pragma once
// A sensor held out of service (source "<point>/masked", rule "masked"): in calibration or
// inhibited longer than max_calibration, or warming up longer than max_warm_up (issue 17 §2).
// While a sensor says it is calibrating, its alarms are suppressed by design; left that way it is
// invisible — 人为造成甲烷传感器失效 / 屏蔽. Past the limit the alarm is raised, a major hazard
// where the site's standard makes it one (coal: 判定标准 第十八条(六) in every mine, 第七条(二)
// in high-gas and outburst mines; clause and category from the settings, by site type). It ends
// when the sensor reports anything else.
#include <vector>

#include "core/quality.hpp"
#include "rules/condition.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

class MaskedRule {
 public:
  void on_quality(const RulePoint& point, Quality quality, const Moment& at,
                  std::vector<Condition>& out);
  void advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline(const RulePoint& point) const;

 private:
  bool held() const { return state_ == Quality::calibrating || state_ == Quality::warming_up; }
  Millis limit(const RulePoint& point) const;
  void report(const RulePoint& point, const Moment& at, std::vector<Condition>& out);

  SteadyTime since_{};
  SourceReport report_;
  Quality state_ = Quality::good;  // calibrating or warming_up while held
  bool masked_ = false;
};

}  // namespace sw::rules
