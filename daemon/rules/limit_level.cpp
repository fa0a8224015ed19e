// SPDX-License-Identifier: Apache-2.0
#include "rules/limit_level.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace sw::rules {

namespace {
// Severity key within one direction: larger is more severe.
std::tuple<double, bool, int> severity(const LimitLevel& l) {
  const double extremeness = l.direction == Direction::high ? l.threshold : -l.threshold;
  return {extremeness, l.cuts_power, -l.priority};
}
}  // namespace

std::string_view to_string(LevelOrigin origin) {
  switch (origin) {
    case LevelOrigin::profile:
      return "profile";
    case LevelOrigin::overridden:
      return "override";
    case LevelOrigin::site:
      return "site";
  }
  return "site";
}

void rank_levels(std::vector<LimitLevel>& levels) {
  std::stable_sort(levels.begin(), levels.end(), [](const LimitLevel& a, const LimitLevel& b) {
    return severity(a) < severity(b);
  });
  int high = 0;
  int low = 0;
  for (auto& l : levels) l.rank = l.direction == Direction::high ? ++high : ++low;
  // Least severe first across both directions (rank 1 of each, then rank 2, ...).
  std::stable_sort(levels.begin(), levels.end(),
                   [](const LimitLevel& a, const LimitLevel& b) { return a.rank < b.rank; });
}

std::optional<std::string> level_problem(const LimitLevel& l) {
  if (l.level.empty()) return "a level needs a name";
  if (!std::isfinite(l.threshold))
    return fmt::format("level \"{}\": the threshold must be a finite number", l.level);
  if (l.restore && !std::isfinite(*l.restore))
    return fmt::format("level \"{}\": restore must be a finite number", l.level);
  if (l.priority < 1 || l.priority > 4)
    return fmt::format("level \"{}\": priority {} is outside 1..4", l.level, l.priority);
  const double r = l.restore_level();
  // A high level restores below its threshold; restore above it would mean a value in between is
  // both tripped and restored. Likewise, mirrored, for a low level.
  if (l.direction == Direction::high && r > l.threshold)
    return fmt::format(
        "restore {} is above the threshold {} of high level \"{}\" (a high level trips at value >= "
        "threshold and restores below restore, so restore must not exceed the threshold)",
        r, l.threshold, l.level);
  if (l.direction == Direction::low && r < l.threshold)
    return fmt::format(
        "restore {} is below the threshold {} of low level \"{}\" (a low level trips at value < "
        "threshold and restores at value >= restore, so restore must not be below the threshold)",
        r, l.threshold, l.level);
  return std::nullopt;
}

std::optional<std::string> levels_problem(const std::vector<LimitLevel>& levels) {
  std::set<std::string> names;
  for (const auto& l : levels)
    if (!names.insert(l.level).second) return fmt::format("level \"{}\" is defined twice", l.level);
  // A low and a high level must never be active together: the low one has restored before the
  // value can reach the high threshold, and the high one has restored before the value can fall
  // below the low threshold.
  for (const auto& lo : levels) {
    if (lo.direction != Direction::low) continue;
    for (const auto& hi : levels) {
      if (hi.direction != Direction::high) continue;
      if (lo.restore_level() > hi.threshold || hi.restore_level() < lo.threshold)
        return fmt::format(
            "low level \"{}\" (below {}, restore {}) overlaps high level \"{}\" (above {}, "
            "restore {}): both could be active at once",
            lo.level, lo.threshold, lo.restore_level(), hi.level, hi.threshold, hi.restore_level());
    }
  }
  return std::nullopt;
}

}  // namespace sw::rules
