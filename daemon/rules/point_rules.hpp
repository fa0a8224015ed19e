// SPDX-License-Identifier: Apache-2.0
#pragma once
// Everything the hazard engine checks on one point, resolved from its profile and the site's
// overrides. Parsed from the point's table in the site config.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "options/config_error.hpp"
#include "rules/hazard_texts.hpp"
#include "rules/limit_level.hpp"
#include "rules/measuring_range.hpp"

namespace sw::rules {

// Where a rule was configured, so a problem found later (check_references) names the file, line,
// column and key path.
struct ConfigPlace {
  config::SourcePosition position;
  std::string key;  // "bus[0].device[1].point[2].feed"
};

// The clause and category of its fault, power-not-cut and calibration alarms are the HazardTexts.
struct PointRules : HazardTexts {
  PointId point;
  std::string profile;             // e.g. "coal.methane.return_corner" (may be empty)
  std::vector<LimitLevel> limits;  // sorted by rank, least severe first
  // Power feeds that a cuts_power level must switch off (煤矿安全规程 第498条 断电范围; a cut
  // scope can span several switches): one id or several distinct ones, in the config's order.
  // When any feed still reports on `cut_time` after the cut level, the engine raises the major
  // hazard "exceedance with power still on" (煤矿重大事故隐患判定标准).
  std::vector<PointId> feed_points;
  Millis cut_time{2000};              // AQ 6201: methane power-cut executes within 2 s
  std::string cut_scope;              // what the cut switches off (断电范围), for people
  std::optional<double> rate_max;     // largest allowed change per minute, in the point's unit
  std::optional<Millis> stuck_after;  // unchanged this long while the device says it runs: fault
  Millis fault_after{0};              // failed reads this long before a sensor-fault alarm
  // Fault not restored this long: a major hazard (coal: 判定标准 第十八条(六), monitoring system
  // not working). Unset (no
  // escalation) unless a profile or the point sets it: the coal profiles set 1 h; a chemical
  // plant's detector offline is a fault, but not a coal-mine major hazard.
  std::optional<Millis> major_fault_after;
  std::optional<Millis> stale_after;  // no sample this long: stale (default: 2 poll periods + 1 s)
  // Held in calibration/inhibit or warm-up longer than this: `masked` (issue 17 §2).
  Millis max_calibration{std::chrono::hours(1)};
  Millis max_warm_up{std::chrono::minutes(30)};
  // An alarm of the point out of service longer than this: `masked` (unset: [alarms]
  // max_out_of_service).
  std::optional<Millis> max_out_of_service;
  std::optional<std::string>
      calibration_due;              // "2026-12-31": overdue calibration is a major hazard
  double deadband = 0;              // telemetry: report a change only beyond this
  std::optional<Millis> retention;  // history retention (from the profile)
  ConfigPlace feed_place;           // where `feed` was given
  // Where each of feed_points was given: the `feed` key for a single id, an array's element for
  // several. Rules made in code may leave it empty; problems are then placed at feed_place.
  std::vector<ConfigPlace> feed_places;
  // The sensor's measuring range: past it a reading is out_of_range; on a known side it trips
  // that side's levels with the range limit as its value.
  std::optional<MeasuringRange> range;
};

// The default of stale_after: two poll periods without a sample, plus a second of slack for a
// poller's jitter (DESIGN.md: "comm_loss within two poll periods"). nullopt when the period is
// unknown (0).
std::optional<Millis> default_stale_after(Millis poll_period);

// A rule over several points, written as an expression (muparser syntax), e.g.
//   "face3.ch4 >= 1.5 && face3.feed == 1"
// A point name stands for its value (NaN when its quality is not good; a comparison with NaN is
// false, so a failed read never makes a comparison true — but "!(x >= 1)" is true on a failed read:
// guard with "x.ok"); "<point>.ok" is 1 when its quality is good. Operators: && || ! == != < <= >
// >=
// + - * / ?:, functions min max abs ... Put spaces around '-' ('-' may be part of a point id).
struct CompositeRule {
  std::string name;
  std::string expression;
  PointId point;  // the point the alarm is reported against (default: the first point named)
  std::string level = "alarm";
  int priority = 1;
  Millis on_delay{0};
  Millis off_delay{0};
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;
  ConfigPlace place;             // the [[rule]] table
  ConfigPlace expression_place;  // its `expr`
  ConfigPlace point_place;       // its `point` (or `expr` when defaulted)
};

}  // namespace sw::rules
