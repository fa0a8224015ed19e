// SPDX-License-Identifier: Apache-2.0
#pragma once
// One level of a high or low limit, as a standard or a site sets it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace sw::rules {

enum class Direction { high, low };

// Where an effective level comes from (set when the config is read; shown by `points --limits`).
enum class LevelOrigin {
  profile,     // the profile's level as it is
  overridden,  // the profile's level, changed by the point (threshold, delay, clause, ...)
  site,        // a level the point adds (no level of that name in its profile)
};
std::string_view to_string(LevelOrigin origin);

// A high level trips when value >= threshold and restores when value < restore (煤矿安全规程
// 第498条 says "≥1.0% 报警", "<1.0% 复电"). A low level trips when value < threshold and restores
// when value >= restore (第135条: O2 "不低于20%"). restore defaults to the threshold (no
// hysteresis).
struct LimitLevel {
  std::string level;  // "alarm", "power_cut", "level1", "level2", "low", "high"
  std::string label;  // for people, in messages: "断电值" (empty: the level's name)
  Direction direction = Direction::high;
  double threshold = 0;
  std::optional<double> restore;
  Millis on_delay{0};       // must stay beyond the threshold this long before it trips
  Millis off_delay{0};      // must stay restored this long before it clears
  int priority = 2;         // 1 most urgent .. 4
  bool cuts_power = false;  // reaching it must cut power: the feed point must report off
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;  // the standard's clause, shown with the alarm

  double restore_level() const { return restore.value_or(threshold); }
  // Severity order between levels of one point: power_cut above alarm, level2 above level1.
  // Set by rank_levels(); 1 is the least severe level of its direction.
  int rank = 0;
  LevelOrigin origin = LevelOrigin::site;

  bool operator==(const LimitLevel&) const = default;

  // The value is beyond the threshold (trip side).
  bool beyond(double value) const {
    return direction == Direction::high ? value >= threshold : value < threshold;
  }
  // The value is back on the restore side.
  bool restored(double value) const {
    return direction == Direction::high ? value < restore_level() : value >= restore_level();
  }
};

// Sorts `levels` least severe first and numbers their ranks. Within a direction the more extreme
// threshold is more severe (higher for high levels, lower for low ones); at equal thresholds a
// level that cuts power outranks one that does not, then the more urgent priority wins, then the
// order given. High and low levels are ranked separately (both start at 1): they cannot be active
// at once.
void rank_levels(std::vector<LimitLevel>& levels);

// What is wrong with one level on its own (restore on the trip side, a value that is not finite,
// a priority outside 1..4), or nullopt.
std::optional<std::string> level_problem(const LimitLevel& level);

// What is wrong between the levels of one point (a name used twice, a low threshold not below every
// high one), or nullopt.
std::optional<std::string> levels_problem(const std::vector<LimitLevel>& levels);

}  // namespace sw::rules
