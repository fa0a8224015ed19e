// SPDX-License-Identifier: Apache-2.0
#pragma once
// The hazard engine: owns all rule state, single-threaded, no locks, no I/O. Time is passed in, so
// tests drive it exactly. Feed it samples; ask it for timed transitions with tick().
//
// Sources it reports (each at most one active level at a time):
//   <point>/limit          limit levels with hysteresis and delays        (limit_rule.hpp)
//   <point>/fault          failed quality, escalating to a major hazard   (fault_rule.hpp)
//   <point>/power_not_cut  cut level active, feed still on after cut_time (feed_rule.hpp)
//   <point>/rate           change per minute above rate_max                (rate_rule.hpp)
//   <point>/stuck          value unchanged for stuck_after                 (stuck_rule.hpp)
//   <point>/calibration    past calibration_due                            (calibration_rule.hpp)
//   <point>/masked         held in calibration/inhibit or warm-up too long (masked_rule.hpp)
//   <point>/device_offline its device does not answer: one alarm for all    (device_watch.hpp)
//                          of its points, whose faults it holds back
//   rule/<name>            composite rules (composite_evaluator.hpp)
// A source is reported on its first evaluation (so the alarm book can reconcile alarms restored
// after a restart), whenever its state (active, level) changes, and while active when its value
// gets worse than any reported (so the alarm's peak is known). A point that sends nothing for
// stale_after is treated as quality "stale".
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/point.hpp"
#include "core/sample.hpp"
#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/point_table.hpp"
#include "rules/rule_point.hpp"

namespace sw::rules {

class RuleEngine {
 public:
  // `rules` and `composites` must only name points in `points` (check_references has made sure);
  // a point without rules still gets fault and stale detection. A sample's `point` is the point's
  // position in `points` (PointInfo::index, as the config numbers them). Throws
  // std::invalid_argument. Nothing of the three is kept: the engine builds its own compact table.
  RuleEngine(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules,
             const std::vector<CompositeRule>& composites);
  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // A reload: takes over the state of `old` (the engine of the configuration being replaced,
  // stopped) for every point both have, matched by id. A point whose rules did not change goes on
  // exactly as before: its delays and timers, what it has reported, its latest value and silence,
  // so the reload is invisible to the alarm book and to the platform. A point whose rules changed
  // keeps its latest value and silence and judges afresh from its next sample. Composite rules
  // that did not change go on likewise. Call before the first on_sample() or tick().
  void carry_over(const RuleEngine& old, SteadyTime now);

  // Applies one sample; appends any condition changes. `now` is the steady time of processing;
  // conditions are stamped with the sample's (wall) time.
  void on_sample(const Sample& sample, SteadyTime now, std::vector<Condition>& out);
  // Judges a sample against its point's measuring range, in place (measuring_range.hpp), so the
  // telemetry and history carry what the rules judged: past the range it is out_of_range, and
  // on a known side its value is the range limit. on_sample() does the same to its own copy.
  void judge_range(Sample& sample) const;
  // Applies timed transitions due at `now` (delays, stale points, cut time, calibration). The
  // first call also reports every calibration source. Each point's next deadline waits in a timer
  // heap, so a call costs the timers that are due, not a walk over every point.
  void tick(SteadyTime now, WallTime wall_now, std::vector<Condition>& out);
  // Ends a turn of samples and ticks: judges the devices whose points changed (device_watch.hpp):
  // a device that does not answer raises one device_offline condition, and the conditions it makes
  // consequential are dropped from `out`.
  void finish_turn(WallTime wall_now, std::vector<Condition>& out);
  // When tick() next has something to do (SteadyTime::max() when nothing is pending; a time in the
  // past before the first tick).
  SteadyTime next_deadline() const;

  // Latest sample per point, for the console and telemetry (quality "stale" once it is overdue).
  const Sample* latest(PointIndex point) const;
  // Off the hot path (tests, operator requests): a point's index by its id.
  std::optional<PointIndex> index_of(std::string_view id) const;
  const Sample* latest(std::string_view id) const;
  // A point's resolved settings (clauses, limits), off the hot path; nullptr for an unknown index.
  const RuleSettings* settings(PointIndex point) const;
  // Every point's names and resolved settings (immutable; outlives the engine if held).
  std::shared_ptr<const PointTable> point_table() const;
  // Samples for points the engine does not know (counted, never silently dropped).
  std::uint64_t unknown_samples() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sw::rules
