// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the hazard engine tells the alarm book: a source is now in this state. The engine reports a
// source whenever its state differs from what it last reported (the first report always goes), so
// the alarm book can reconcile alarms restored after a restart.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/point.hpp"

namespace sw::rules {

struct Condition {
  std::string source;  // unique per source: "face3.ch4/limit", "face3.ch4/fault", "rule/x"
  std::string rule;    // "limit", "sensor_fault", "power_not_cut", "rate", "stuck",
                       // "calibration", or a composite rule's name
  PointId point;
  bool active = false;
  std::string level;  // when active: the most severe active level
  int rank = 0;       // severity order of `level` within the source
  int priority = 2;
  double value = 0;
  std::optional<double> threshold;
  bool low = false;  // a low limit (O2 deficiency, wind too slow): its worst value is the
                     // smallest, so the alarm's peak tracks the minimum
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;
  WallTime time;
};

}  // namespace sw::rules
