// SPDX-License-Identifier: Apache-2.0
#pragma once
// A point as its rules see it: names and settings that never change once the engine is built
// (DESIGN.md "The per-point core"). The rule objects keep only what changes; every text a
// condition carries is taken from here when the condition is made, which happens only on a
// change or a first report, never for a plain sample.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "rules/condition.hpp"
#include "rules/hazard_texts.hpp"
#include "rules/limit_level.hpp"
#include "rules/measuring_range.hpp"

namespace sw::rules {

// What a point's rules are set to, resolved from its profile and overrides (the part of
// PointRules the rules read while they judge). Points resolved to equal settings share one copy:
// a site of 10,000 methane points with one profile keeps its clauses and levels once.
struct RuleSettings : HazardTexts {
  std::string profile;             // the profile it was resolved from ("" when none)
  std::vector<LimitLevel> limits;  // ranked (rank_levels), least severe first
  Millis cut_time{0};
  std::string cut_scope;  // 断电范围, named in the cut and power-not-cut alarms
  std::optional<double> rate_max;
  std::optional<Millis> stuck_after;
  Millis fault_after{0};
  std::optional<Millis> major_fault_after;
  Millis max_calibration{0};
  Millis max_warm_up{0};
  std::optional<Millis> max_out_of_service;  // unset: [alarms] max_out_of_service
  std::optional<MeasuringRange> range;

  bool operator==(const RuleSettings&) const = default;
};

inline constexpr std::uint32_t kNoPoint = std::numeric_limits<std::uint32_t>::max();

struct RulePoint {
  std::string_view id;               // "face3.ch4"
  std::string_view name;             // for people: its name, else its id
  std::string_view unit;             // "%CH4", "" for switches
  std::string_view calibration_due;  // "2026-12-31", empty when not set
  const RuleSettings* settings = nullptr;
  Millis stale_after{0};  // no sample this long: stale (0: never)
  // Indexes of its power feed points (馈电; a cut scope can span several switches), in the order
  // the config gives them: a view into one array of the PointTable, empty when it has none.
  std::span<const std::uint32_t> feeds;
};

// Appends the condition of the point's source "<id>/<kind>" with what every condition carries.
inline Condition& add_condition(std::vector<Condition>& out, const RulePoint& point,
                                std::string_view kind, const char* rule, bool active, double value,
                                WallTime time) {
  Condition& c = out.emplace_back();
  c.source.reserve(point.id.size() + 1 + kind.size());
  c.source.append(point.id).append(1, '/').append(kind);
  c.rule = rule;
  c.point = point.id;
  c.active = active;
  c.value = value;
  c.time = time;
  return c;
}

}  // namespace sw::rules
