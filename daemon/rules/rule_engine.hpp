#pragma once
// The hazard engine: owns all rule state, single-threaded, no locks, no I/O. Time is passed in, so
// tests drive it exactly. Feed it samples; ask it for timed transitions with tick().
#include <map>
#include <memory>
#include <vector>

#include "core/point.hpp"
#include "core/sample.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"

namespace sw::rules {

class RuleEngine {
 public:
  RuleEngine(std::vector<PointInfo> points, std::vector<PointRules> rules,
             std::vector<CompositeRule> composites);
  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Applies one sample; appends any condition changes. `now` is the steady time of processing.
  void on_sample(const Sample& sample, SteadyTime now, std::vector<Condition>& out);
  // Applies timed transitions due at `now` (delays, stale points, cut time, calibration).
  void tick(SteadyTime now, WallTime wall_now, std::vector<Condition>& out);
  // When tick() next has something to do (or SteadyTime::max()).
  SteadyTime next_deadline() const;

  // Latest sample per point, for the console and telemetry.
  const Sample* latest(const PointId& point) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sw::rules
