// SPDX-License-Identifier: Apache-2.0
#include "rules/limit_entry.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "rules/close_names.hpp"

namespace sw::rules {

namespace {

// A level name this close to an inherited one is a typo, not a new level (issue 18: "levle1").
constexpr std::size_t kTypoEdits = 2;

bool finite_or_absent(const std::optional<double>& v) {
  return !v || std::isfinite(*v);
}

[[noreturn]] void fail_at(const ConfigPlace& place, const std::string& problem) {
  throw config::ConfigError(place.position, place.key, problem);
}

void apply(const LimitEntry& e, LimitLevel& l) {
  // A level without hysteresis (restore at its threshold) keeps none when an override moves the
  // threshold: `{ level = "alarm", above = 0.8 }` on a profile's 1.0/1.0 alarm restores below 0.8.
  // A real hysteresis band is kept as given, and checked against the new threshold.
  const bool moves_threshold = e.above || e.below;
  if (moves_threshold && !e.restore && l.restore && *l.restore == l.threshold) l.restore.reset();
  if (e.label) l.label = *e.label;
  if (e.above) {
    l.direction = Direction::high;
    l.threshold = *e.above;
  }
  if (e.below) {
    l.direction = Direction::low;
    l.threshold = *e.below;
  }
  if (e.restore) l.restore = *e.restore;
  if (e.on_delay) l.on_delay = *e.on_delay;
  if (e.off_delay) l.off_delay = *e.off_delay;
  if (e.priority) l.priority = *e.priority;
  if (e.cuts_power) l.cuts_power = *e.cuts_power;
  if (e.major_hazard) l.major_hazard = *e.major_hazard;
  if (e.hazard_category) l.hazard_category = *e.hazard_category;
  if (e.clause) l.clause = *e.clause;
}

std::string level_names(const std::vector<LimitLevel>& levels) {
  std::string out;
  for (const auto& l : levels) out += (out.empty() ? "" : ", ") + l.level;
  return out.empty() ? "none" : out;
}

}  // namespace

const config::Options<LimitEntry>& limit_entry_options() {
  static const auto opts = [] {
    config::Options<LimitEntry> o("limits[]");
    o.require("level", &LimitEntry::level,
              "name of the level: \"alarm\", \"power_cut\", \"level1\", \"low\", ...")
        .check([](const LimitEntry& e) { return !e.level.empty(); }, "expected a level name");
    o.add("label", &LimitEntry::label, "name of the level for people, in messages: \"断电值\"");
    o.add("above", &LimitEntry::above,
          "high level: trips at value >= above (煤矿安全规程 第498条 \"≥1.0%报警\")")
        .check([](const LimitEntry& e) { return finite_or_absent(e.above); },
               "expected a finite number");
    o.add("below", &LimitEntry::below,
          "low level: trips at value < below (第135条 O2 \"不低于20%\")")
        .check([](const LimitEntry& e) { return finite_or_absent(e.below); },
               "expected a finite number")
        .check([](const LimitEntry& e) { return !(e.above && e.below); },
               "give either above (a high level) or below (a low level), not both");
    o.add("restore", &LimitEntry::restore,
          "high: restores when value < restore; low: when value >= restore (default: the "
          "threshold)")
        .check([](const LimitEntry& e) { return finite_or_absent(e.restore); },
               "expected a finite number");
    o.add("on_delay", &LimitEntry::on_delay, "must stay beyond the threshold this long to trip");
    o.add("off_delay", &LimitEntry::off_delay, "must stay restored this long to clear");
    o.add("priority", &LimitEntry::priority, "1 (most urgent) .. 4")
        .check(
            [](const LimitEntry& e) {
              return !e.priority || (*e.priority >= 1 && *e.priority <= 4);
            },
            "expected a priority 1..4");
    o.add(
        "cuts_power", &LimitEntry::cuts_power,
        "reaching it must cut power: with `feed`, power still on after cut_time is a major hazard");
    o.add("major_hazard", &LimitEntry::major_hazard,
          "reaching it is itself a major hazard (重大事故隐患)");
    o.add("hazard_category", &LimitEntry::hazard_category, "hazard category shown with the alarm");
    o.add("clause", &LimitEntry::clause, "the standard's clause (default: the profile's)");
    o.add("new_level", &LimitEntry::new_level,
          "on a profile point: this entry adds a level of its own even though its name is within "
          "2 edits of one of the profile's (without it, that is refused as a typo)");
    return o;
  }();
  return opts;
}

void merge_limit_entries(std::vector<LimitLevel>& levels, const std::vector<LimitEntry>& entries,
                         bool allow_override, const std::string& inherited_from) {
  // The entry that last touched each level: a problem is reported where it was made.
  std::vector<const LimitEntry*> origin(levels.size(), nullptr);
  for (const auto& e : entries) {
    auto it = std::find_if(levels.begin(), levels.end(),
                           [&](const LimitLevel& l) { return l.level == e.level; });
    if (it != levels.end()) {
      if (!allow_override) fail_at(e.place, fmt::format("level \"{}\" is defined twice", e.level));
      apply(e, *it);
      origin[static_cast<std::size_t>(it - levels.begin())] = &e;
      continue;
    }
    if (!inherited_from.empty() && !e.new_level.value_or(false))
      for (const auto& l : levels)
        if (edit_distance(e.level, l.level) <= kTypoEdits)
          fail_at(e.place,
                  fmt::format("level \"{}\" is not one of {}'s levels ({}) but is close to \"{}\": "
                              "a typo? (write new_level = true to add a level of its own)",
                              e.level, inherited_from, level_names(levels), l.level));
    if (!e.above && !e.below)
      fail_at(e.place,
              fmt::format("new level \"{}\" needs `above` (a high level) or `below` (a low "
                          "level); levels {}: {}",
                          e.level, inherited_from.empty() ? "so far" : "of " + inherited_from,
                          level_names(levels)));
    LimitLevel l;
    l.level = e.level;
    apply(e, l);
    levels.push_back(std::move(l));
    origin.push_back(&e);
  }
  for (std::size_t i = 0; i < levels.size(); ++i) {
    auto problem = level_problem(levels[i]);
    if (!problem) continue;
    const LimitEntry* e = origin[i];
    if (e == nullptr) continue;  // the profile's own level, checked when the profile was loaded
    const bool gave_both = (e->above || e->below) && e->restore;
    if (!gave_both && !inherited_from.empty())
      *problem += "; the other value comes from " + inherited_from;
    fail_at(e->place, *problem);
  }
  if (auto problem = levels_problem(levels)) {
    const LimitEntry* last = nullptr;
    for (const auto* e : origin)
      if (e != nullptr) last = e;
    if (last != nullptr) fail_at(last->place, *problem);
  }
  rank_levels(levels);
}

}  // namespace sw::rules

namespace sw::config {

rules::LimitEntries ValueTraits<rules::LimitEntries>::parse(const toml::node& n, const Context& ctx,
                                                            const std::string& key) {
  const auto* arr = n.as_array();
  if (arr == nullptr)
    fail_at(ctx, n, key,
            "expected an array of limit tables, e.g. [{ level = \"alarm\", above = 1.0 }]");
  rules::LimitEntries out;
  std::size_t index = 0;
  for (const auto& element : *arr) {
    const Context ectx = ctx.element(key, index++);
    const auto* table = element.as_table();
    if (table == nullptr)
      throw ConfigError(ctx.position_of(element), ectx.path,
                        "expected a table such as { level = \"alarm\", above = 1.0 }");
    rules::LimitEntry e;
    rules::limit_entry_options().parse(*table, e, ectx);
    e.place = {ctx.position_of(element), ectx.path};
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace sw::config
