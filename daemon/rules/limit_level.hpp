#pragma once
// One level of a high or low limit, as a standard or a site sets it.
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace sw::rules {

enum class Direction { high, low };

// A high level trips when value >= threshold and restores when value < restore (煤矿安全规程 第498条
// says "≥1.0% 报警", "<1.0% 复电"). A low level trips when value < threshold and restores when
// value >= restore (第135条: O2 "不低于20%"). restore defaults to the threshold (no hysteresis).
struct LimitLevel {
  std::string level;              // "alarm", "power_cut", "level1", "level2", "low", "high"
  Direction direction = Direction::high;
  double threshold = 0;
  std::optional<double> restore;
  Millis on_delay{0};             // must stay beyond the threshold this long before it trips
  Millis off_delay{0};            // must stay restored this long before it clears
  int priority = 2;               // 1 most urgent .. 4
  bool cuts_power = false;        // reaching it must cut power: the feed point must report off
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;             // the standard's clause, shown with the alarm

  double restore_level() const { return restore.value_or(threshold); }
  // Severity order between levels of one point: power_cut above alarm, level2 above level1.
  int rank = 0;
};

}  // namespace sw::rules
