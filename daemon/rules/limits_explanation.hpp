// SPDX-License-Identifier: Apache-2.0
#pragma once
// A point's effective limits, as the hazard engine will judge it: its profile's levels with the
// site's overrides applied, each level's clause, delays and where it came from (issue 18: a typo'd
// level name became a level of its own, and nobody could see what a point really checks). Shown
// by `sitewatchctl points --limits` and `sitewatchd --check-config FILE --explain POINT_ID`.
#include <optional>
#include <string>
#include <vector>

#include "core/point.hpp"
#include "rules/point_rules.hpp"
#include "rules/profile_library.hpp"

namespace sw::rules {

struct ExplainedLevel {
  LimitLevel level;
  LevelOrigin origin = LevelOrigin::site;
};

struct PointLimits {
  PointInfo point;
  std::string profile;                 // empty: no profile
  std::string profile_description;     // "采煤工作面回风隅角"
  std::vector<ExplainedLevel> levels;  // least severe first, as ranked
  PointRules rules;                    // the rest: delays, fault, feed, range, ...
};

// `profiles` is the library the config was read with (built-in plus [rules] profile_dirs).
PointLimits explain_limits(const PointInfo& point, const PointRules& rules,
                           const ProfileLibrary& profiles);

// The point `id` of a config's points and rules, explained; nullopt when there is no such point
// (`close` then holds the names closest to it).
std::optional<PointLimits> explain_point(const std::string& id,
                                         const std::vector<PointInfo>& points,
                                         const std::vector<PointRules>& rules,
                                         const ProfileLibrary& profiles,
                                         std::vector<std::string>* close = nullptr);

// For people: the point, its profile, one line per level (threshold, restore, delays, priority,
// clause, origin) and the point's other rules.
std::string explain_text(const PointLimits& limits);

}  // namespace sw::rules
