// SPDX-License-Identifier: Apache-2.0
#pragma once
// Average / max / min per point over aligned wall-clock windows (5 minutes by default, as the
// coal-mine supervision uploads want). Only good samples count; a window with none is not reported.
// Accumulators sit in an array indexed by point; the points are walked only when a window closes.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/sample.hpp"

namespace sw::telemetry {

struct PointStatistics {
  PointIndex point = 0;
  WallTime window_start;
  Millis window{0};
  double min = 0, max = 0, avg = 0;
  std::int64_t count = 0;
};

class StatisticsWindow {
 public:
  // `points`: how many points to hold from the start (more are added as their samples come).
  explicit StatisticsWindow(Millis window, std::size_t points = 0);
  void add(const Sample& sample);
  // Closes every window that ended before `now` and appends its statistics.
  void close_due(WallTime now, std::vector<PointStatistics>& out);
  std::optional<WallTime> next_close() const;
  // A reload: takes over the open windows of `old` (same window length) for the points both have,
  // so a reload loses no sample of a window. Call before the first add().
  void carry_over(const StatisticsWindow& old, const PointCarryOver& from);

 private:
  struct Accumulator {
    WallTime window_start;
    double min = 0, max = 0, sum = 0;
    std::int64_t count = 0;  // 0: no window open
  };
  WallTime window_start_of(WallTime t) const;
  void emit(PointIndex point, const Accumulator& acc, std::vector<PointStatistics>& out) const;

  Millis window_;
  std::vector<Accumulator> open_;
  WallTime earliest_ = WallTime::max();  // start of the oldest open window
  std::vector<PointStatistics> closed_;  // windows closed by a newer sample, not yet collected
};

}  // namespace sw::telemetry
