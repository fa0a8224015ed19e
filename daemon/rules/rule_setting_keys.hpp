// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rule settings a point and a profile may both give (a point's value overrides its
// profile's), declared once for both tables so their keys, descriptions and checks cannot drift.
#include <concepts>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "options/options.hpp"
#include "rules/measuring_range.hpp"

namespace sw::rules {

struct RuleSettingKeys {
  std::optional<Millis> cut_time;
  std::optional<double> rate_max;
  std::optional<Millis> stuck_after;
  std::optional<Millis> fault_after;
  std::optional<Millis> major_fault_after;
  std::optional<Millis> stale_after;
  std::optional<double> deadband;
  std::optional<std::string> fault_clause;
  std::optional<std::string> fault_hazard_category;
  std::optional<std::string> cut_clause;
  std::optional<std::string> cut_hazard_category;
  std::optional<std::string> calibration_clause;
  std::optional<std::string> calibration_hazard_category;
  std::optional<Millis> max_calibration;
  std::optional<Millis> max_warm_up;
  std::optional<Millis> max_out_of_service;
  std::optional<std::string> masked_clause;
  std::optional<std::string> masked_hazard_category;
  std::optional<MeasuringRange> range;
};

inline bool positive_or_absent(const std::optional<Millis>& d) {
  return !d || d->count() > 0;
}

// Adds the shared keys to a point's or a profile's option table (T derives from
// RuleSettingKeys).
template <std::derived_from<RuleSettingKeys> T>
void declare_rule_setting_keys(config::Options<T>& o) {
  // A member of the shared part, as a member of T (the conversion the option table cannot deduce).
  const auto in_t = []<class V>(V RuleSettingKeys::*m) -> V T::* { return m; };
  const auto keys = [](const T& t) -> const RuleSettingKeys& { return t; };
  o.add("cut_time", in_t(&RuleSettingKeys::cut_time),
        "every feed must report off this soon after a power-cut level (default \"2s\", AQ 6201)")
      .check([=](const T& t) { return positive_or_absent(keys(t).cut_time); },
             "expected a duration above 0");
  o.add("rate_max", in_t(&RuleSettingKeys::rate_max),
        "largest allowed change per minute, in the unit")
      .check([=](const T& t) { return !keys(t).rate_max || *keys(t).rate_max > 0; },
             "expected a positive number");
  o.add("stuck_after", in_t(&RuleSettingKeys::stuck_after),
        "a value unchanged this long while good is reported as stuck")
      .check([=](const T& t) { return positive_or_absent(keys(t).stuck_after); },
             "expected a duration above 0");
  o.add("fault_after", in_t(&RuleSettingKeys::fault_after),
        "failed reads this long raise a sensor fault (default \"0s\")");
  o.add("major_fault_after", in_t(&RuleSettingKeys::major_fault_after),
        "a sensor fault not restored this long is a major hazard (coal: 判定标准 第十八条(六); "
        "coal profiles: \"1h\", our default)")
      .check(
          [=](const T& t) {
            const RuleSettingKeys& k = keys(t);
            return !k.major_fault_after || !k.fault_after || *k.major_fault_after >= *k.fault_after;
          },
          "must not be shorter than fault_after");
  o.add("stale_after", in_t(&RuleSettingKeys::stale_after),
        "no sample this long makes the point stale (default: 2 poll periods + 1s)")
      .check([=](const T& t) { return positive_or_absent(keys(t).stale_after); },
             "expected a duration above 0");
  o.add("deadband", in_t(&RuleSettingKeys::deadband), "telemetry: report a change only beyond this")
      .check([=](const T& t) { return !keys(t).deadband || *keys(t).deadband >= 0; },
             "expected a number >= 0");
  o.add("fault_clause", in_t(&RuleSettingKeys::fault_clause),
        "clause of the sensor-fault alarm (default: the site type's, see [site] site_type)");
  o.add("fault_hazard_category", in_t(&RuleSettingKeys::fault_hazard_category),
        "hazard category of a sensor fault not restored in time (default: the site type's)");
  o.add("cut_clause", in_t(&RuleSettingKeys::cut_clause),
        "clause of the power-not-cut major hazard (default: the site type's and gas class's)");
  o.add("cut_hazard_category", in_t(&RuleSettingKeys::cut_hazard_category),
        "hazard category of the power-not-cut major hazard (default: the site type's)");
  o.add("calibration_clause", in_t(&RuleSettingKeys::calibration_clause),
        "clause of the calibration-overdue alarm (default: the site type's and gas class's)");
  o.add("calibration_hazard_category", in_t(&RuleSettingKeys::calibration_hazard_category),
        "hazard category of an overdue calibration; when empty it is an alarm, not a major "
        "hazard (default: coal high-gas and outburst mines, 第七条(二))");
  o.add("max_calibration", in_t(&RuleSettingKeys::max_calibration),
        "a sensor held in calibration or inhibited longer than this raises `masked` (default "
        "\"1h\")")
      .check([=](const T& t) { return positive_or_absent(keys(t).max_calibration); },
             "expected a duration above 0");
  o.add("max_warm_up", in_t(&RuleSettingKeys::max_warm_up),
        "a sensor warming up longer than this raises `masked` (default \"30m\")")
      .check([=](const T& t) { return positive_or_absent(keys(t).max_warm_up); },
             "expected a duration above 0");
  o.add("max_out_of_service", in_t(&RuleSettingKeys::max_out_of_service),
        "an alarm of this point out of service longer than this raises `masked` (default: "
        "[alarms] max_out_of_service)")
      .check([=](const T& t) { return positive_or_absent(keys(t).max_out_of_service); },
             "expected a duration above 0");
  o.add("masked_clause", in_t(&RuleSettingKeys::masked_clause),
        "clause of the `masked` alarm (default: the site type's and gas class's)");
  o.add("masked_hazard_category", in_t(&RuleSettingKeys::masked_hazard_category),
        "hazard category of a sensor held masked; when empty it is an alarm, not a major hazard "
        "(default: the site type's; coal: 第十八条(六), high-gas and outburst also 第七条(二))");
  o.add("range", in_t(&RuleSettingKeys::range),
        "the sensor's measuring range [min, max], e.g. [0, 4.0] for a low-concentration methane "
        "head: a reading past it is out_of_range, sent as the range limit flagged over_range; "
        "high side trips every `above` level, low side every `below` level");
}

}  // namespace sw::rules
