#pragma once
// Reads the rule keys of a point table (profile, limits, feed, cut_time, rate_max, stuck_after,
// fault_after, major_fault_after, stale_after, calibration_due, deadband) and the [[rule]] composite
// rules, resolving profiles. Every key declared once with config::Options.
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/options.hpp"
#include "core/point.hpp"
#include "rules/point_rules.hpp"
#include "rules/profile_library.hpp"

namespace sw::rules {

class PointRulesParser {
 public:
  explicit PointRulesParser(const ProfileLibrary& profiles);
  // The keys this parser reads from a point table.
  const std::set<std::string>& keys() const;
  // Parses the rule keys of `table` (other keys are someone else's). `info` may get its quantity
  // and unit from the profile when the point leaves them empty. Throws config::ConfigError.
  PointRules parse(const toml::table& table, const config::Context& ctx, PointInfo& info,
                   Millis poll_period) const;
  // Parses one [[rule]] table.
  CompositeRule parse_composite(const toml::table& table, const config::Context& ctx) const;
  // Documentation of the point rule keys and of a limit entry.
  std::vector<config::OptionDoc> docs() const;

 private:
  const ProfileLibrary& profiles_;
};

// Checks cross-references once all points are known: feed points and composite rules name existing
// points, composite expressions compile. Throws config::ConfigError naming the rule's place.
void check_references(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules,
                      const std::vector<CompositeRule>& composites);

}  // namespace sw::rules
