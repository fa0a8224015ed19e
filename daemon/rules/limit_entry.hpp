// SPDX-License-Identifier: Apache-2.0
#pragma once
// One entry of a `limits` array, in a profile or in a point table:
//   { level = "power_cut", label = "断电值", above = 1.5, restore = 1.0, priority = 1,
//     cuts_power = true, on_delay = "2s" }
// Every field but `level` is optional, so a point's entry overrides only what it gives; an entry
// naming a level the profile does not have adds it (it then needs `above` or `below`).
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/clock.hpp"
#include "options/options.hpp"
#include "rules/limit_level.hpp"
#include "rules/point_rules.hpp"

namespace sw::rules {

struct LimitEntry {
  std::string level;
  std::optional<std::string> label;
  std::optional<double> above;
  std::optional<double> below;
  std::optional<double> restore;
  std::optional<Millis> on_delay;
  std::optional<Millis> off_delay;
  std::optional<int> priority;
  std::optional<bool> cuts_power;
  std::optional<bool> major_hazard;
  std::optional<std::string> hazard_category;
  std::optional<std::string> clause;
  // Adding a level whose name is within 2 edits of one the profile has ("levle1" beside
  // "level1") is taken for a typo unless the entry says it is meant.
  std::optional<bool> new_level;
  ConfigPlace place;  // the entry's table, for problems found once it is merged
};

// The value of a `limits` key (a ValueTraits specialisation below makes it a config value).
struct LimitEntries {
  std::vector<LimitEntry> entries;
};

const config::Options<LimitEntry>& limit_entry_options();

// Applies `entries` to `levels` in order. An entry naming an existing level overrides the fields it
// gives (only when `allow_override`; a profile defining a level twice is an error); an entry naming
// a new level adds it. Then checks each level and the set, and ranks them. `inherited_from` names
// where the other values come from ("profile \"coal.methane.heading\""), for messages.
// Throws config::ConfigError at the entry that made the problem.
void merge_limit_entries(std::vector<LimitLevel>& levels, const std::vector<LimitEntry>& entries,
                         bool allow_override, const std::string& inherited_from);

}  // namespace sw::rules

namespace sw::config {

template <>
struct ValueTraits<rules::LimitEntries> {
  static constexpr std::string_view type_name() { return "array of limit tables"; }
  static std::string describe(const rules::LimitEntries& v) {
    return v.entries.empty() ? "[] (the profile's)" : "[...]";
  }
  static rules::LimitEntries parse(const toml::node& n, const Context& ctx, const std::string& key);
};

}  // namespace sw::config
