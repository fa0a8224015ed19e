// SPDX-License-Identifier: Apache-2.0
#pragma once
// The clause and hazard category of the alarms a site's standard decides (fault, power not cut,
// calibration, masked): a point's, else its profile's, else its site type's
// (config/site_hazard_defaults.hpp). Empty: none; an empty calibration category makes an overdue
// calibration an alarm but no major hazard.
#include <string>

namespace sw::rules {

struct HazardTexts {
  std::string fault_clause;
  std::string fault_hazard_category;
  std::string cut_clause;
  std::string cut_hazard_category;
  std::string calibration_clause;
  std::string calibration_hazard_category;
  // A sensor held in calibration (or inhibited) or warm-up past its limit: 人为造成甲烷传感器失效 /
  // 屏蔽 (masked_rule.hpp).
  std::string masked_clause;
  std::string masked_hazard_category;

  bool operator==(const HazardTexts&) const = default;
};

}  // namespace sw::rules
