// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads the rule keys of a point table (profile, limits, feed, cut_time, rate_max, stuck_after,
// fault_after, major_fault_after, stale_after, calibration_due, deadband, and the clause texts) and
// the [[rule]] composite rules, resolving profiles. Every key declared once with config::Options.
//
//   { id = "face3.ch4", profile = "coal.methane.return_corner", feed = "face3.feed",
//     limits = [{ level = "alarm", above = 0.8 }] }     # a stricter alarm level, power cut as is
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/point.hpp"
#include "options/options.hpp"
#include "rules/point_rules.hpp"
#include "rules/profile_library.hpp"

namespace sw::rules {

class PointRulesParser {
 public:
  explicit PointRulesParser(const ProfileLibrary& profiles);
  // The keys this parser reads from a point table.
  const std::set<std::string>& keys() const;
  // Parses the rule keys of `table` (other keys are someone else's). A point that leaves its
  // quantity, unit or name empty gets them from its profile (the name from the profile's label).
  // stale_after defaults to default_stale_after(poll_period). Throws config::ConfigError.
  PointRules parse(const toml::table& table, const config::Context& ctx, PointInfo& info,
                   Millis poll_period) const;
  // Parses one [[rule]] table (the expression's syntax is checked here, its names by
  // check_references).
  CompositeRule parse_composite(const toml::table& table, const config::Context& ctx) const;
  // Documentation of the point rule keys and of a limit entry ("limits[].above").
  std::vector<config::OptionDoc> docs() const;
  // Documentation of a [[rule]] table.
  static std::vector<config::OptionDoc> composite_docs();

 private:
  const ProfileLibrary& profiles_;
};

// Checks cross-references once all points are known: feed points and composite rules name existing
// points, composite expressions compile with every point defined, composite names are unique.
// Throws config::ConfigError naming the rule's place.
void check_references(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules,
                      const std::vector<CompositeRule>& composites);

}  // namespace sw::rules
