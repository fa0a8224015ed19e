// SPDX-License-Identifier: Apache-2.0
#pragma once
// Decides which samples the platform gets besides alarms: a point is reported when it changes
// beyond its deadband or its quality changes, batched at most every change_interval, plus a full
// snapshot every snapshot_period. What is reported is also what the history keeps. Single-threaded
// (the rules thread), no I/O. Per-point state sits in an array indexed by the sample's point.
#include <vector>

#include "core/sample.hpp"
#include "telemetry/statistics_window.hpp"
#include "telemetry/telemetry_settings.hpp"

namespace sw::telemetry {

struct TelemetryBatch {
  std::vector<Sample> samples;
  bool snapshot = false;
  WallTime time;  // when the batch was formed
};

class TelemetryReporter {
 public:
  // `deadbands`: per point index, one per point of the site (0 reports every change). Samples of
  // points beyond it are ignored.
  TelemetryReporter(TelemetrySettings settings, std::vector<double> deadbands, SteadyTime start);

  // A reload: takes over what `old` has reported and holds for the points both have, and its
  // timing, so a reload sends neither a burst of "changes" nor an early snapshot. Call before the
  // first on_sample().
  void carry_over(const TelemetryReporter& old, const PointCarryOver& from);

  void on_sample(const Sample& sample);
  // Batches due at `now` (changes, snapshot), and statistics windows that closed.
  void collect(SteadyTime now, WallTime wall_now, std::vector<TelemetryBatch>& batches,
               std::vector<PointStatistics>& statistics);
  SteadyTime next_deadline() const;

 private:
  struct PointState {
    bool seen = false;  // a sample arrived: the snapshot carries it
    bool reported = false;
    bool pending = false;
    Quality quality = Quality::good;
    double value = 0;
    double deadband = 0;
    Sample latest;
  };
  void flush_changes(WallTime wall_now, std::vector<TelemetryBatch>& batches);
  void add_batches(std::vector<Sample> samples, bool snapshot, WallTime wall_now,
                   std::vector<TelemetryBatch>& out) const;

  TelemetrySettings settings_;
  std::vector<PointState> points_;
  std::vector<PointIndex> pending_;  // kept between turns: cleared, not freed
  SteadyTime next_change_flush_;
  SteadyTime next_snapshot_;
  StatisticsWindow statistics_;
};

}  // namespace sw::telemetry
