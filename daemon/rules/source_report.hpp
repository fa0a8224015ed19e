// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the engine last told the alarm book about one source, and when it must tell it again.
#include <cmath>
#include <limits>

#include "core/clock.hpp"

namespace sw::rules {

// One moment on both clocks: steady time drives delays, wall time stamps conditions.
struct Moment {
  SteadyTime steady;
  WallTime wall;
};

// The moment a timer fell due, seen from a later `now`: a transition is stamped with when it
// happened, not with when the engine noticed.
inline Moment moment_at(const Moment& now, SteadyTime due) {
  return {due, now.wall - std::chrono::duration_cast<WallClock::duration>(now.steady - due)};
}

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

class SourceReport {
 public:
  // A condition in this state must go out: the first evaluation of a source always (the alarm book
  // reconciles alarms restored after a restart), then whenever activity or level changes, and
  // while active whenever the value is worse than any reported since it became active at this
  // level (the alarm book keeps the alarm's peak from them).
  bool due(bool active, int rank, double value, bool low) const {
    if (!reported_) return true;
    if (active != active_) return true;
    if (!active) return false;
    if (rank != rank_) return true;
    if (std::isnan(value)) return false;
    if (std::isnan(worst_)) return true;
    return low ? value < worst_ : value > worst_;
  }

  void sent(bool active, int rank, double value, bool low) {
    const bool same_episode = reported_ && active && active_ && rank == rank_;
    if (!active)
      worst_ = kNoValue;
    else if (!same_episode || std::isnan(worst_))
      worst_ = value;
    else if (!std::isnan(value))
      worst_ = low ? std::min(worst_, value) : std::max(worst_, value);
    reported_ = true;
    active_ = active;
    rank_ = active ? rank : 0;
  }

  bool reported() const { return reported_; }
  bool active() const { return active_; }
  int rank() const { return rank_; }

 private:
  bool reported_ = false;
  bool active_ = false;
  int rank_ = 0;
  double worst_ = kNoValue;
};

}  // namespace sw::rules
