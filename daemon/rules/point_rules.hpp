#pragma once
// Everything the hazard engine checks on one point, resolved from its profile and the site's
// overrides. Parsed from the point's table in the site config.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "rules/limit_level.hpp"

namespace sw::rules {

struct PointRules {
  PointId point;
  std::string profile;                 // e.g. "coal.methane.return_corner" (may be empty)
  std::vector<LimitLevel> limits;      // sorted by rank, least severe first
  // Power feed that a cuts_power level must switch off (煤矿安全规程 第498条 断电范围). When the
  // feed still reports on `cut_time` after the cut level, the engine raises the major hazard
  // "exceedance with power still on" (煤矿重大事故隐患判定标准).
  std::optional<PointId> feed_point;
  Millis cut_time{2000};               // AQ 6201: methane power-cut executes within 2 s
  std::optional<double> rate_max;      // largest allowed change per minute, in the point's unit
  std::optional<Millis> stuck_after;   // unchanged this long while the device says it runs: fault
  Millis fault_after{0};               // failed reads this long before a sensor-fault alarm
  Millis major_fault_after{3'600'000}; // fault not restored this long: major hazard (四)③
  std::optional<Millis> stale_after;   // no sample this long: stale (default: 2 poll periods + 1 s)
  std::optional<std::string> calibration_due;  // "2026-12-31": overdue calibration is a major hazard
  double deadband = 0;                 // telemetry: report a change only beyond this
  std::string fault_clause = "煤矿重大事故隐患判定标准 (四)监控系统不能正常运行";
};

// A rule over several points, written as an expression (muparser syntax), e.g.
//   "face3.ch4 >= 1.5 && face3.feed == 1"
// A point name stands for its value (NaN when its quality is not good, so a failed read never
// makes a condition true); "<point>.ok" is 1 when its quality is good.
struct CompositeRule {
  std::string name;
  std::string expression;
  PointId point;            // the point the alarm is reported against
  std::string level = "alarm";
  int priority = 1;
  Millis on_delay{0};
  Millis off_delay{0};
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;
};

}  // namespace sw::rules
