// SPDX-License-Identifier: Apache-2.0
#pragma once
// A condition debounced by an on-delay and an off-delay (ISA-18.2 / IEC 62682 alarm delays): it
// counts as active once it has held for on_delay, and as cleared once it has been gone for
// off_delay. Used by each limit level and each composite rule.
#include "core/clock.hpp"

namespace sw::rules {

class DelayedSwitch {
 public:
  // What the raw condition says now: beyond the threshold, back on the restore side, or in between
  // (the hysteresis band, where nothing changes but a pending change is called off).
  enum class Input { trip, between, restore };

  DelayedSwitch(Millis on_delay, Millis off_delay) : on_delay_(on_delay), off_delay_(off_delay) {}

  // Takes the raw condition at `now`; a zero delay switches at once.
  void update(Input input, SteadyTime now);
  // The condition cannot be judged (quality not good): a pending trip is called off, a pending
  // clear goes back to active. What is active stays active; nothing new becomes active.
  void freeze();
  // Applies a delay that has run out by `now`. True when active() changed.
  bool advance(SteadyTime now);

  bool active() const { return phase_ == Phase::active || phase_ == Phase::clearing; }
  // When it last became active (meaningful while active()).
  SteadyTime active_since() const { return active_since_; }
  // When the pending change falls due, or SteadyTime::max(). Inline: asked for every sample.
  SteadyTime deadline() const {
    if (phase_ == Phase::tripping) return since_ + on_delay_;
    if (phase_ == Phase::clearing) return since_ + off_delay_;
    return SteadyTime::max();
  }

 private:
  enum class Phase { idle, tripping, active, clearing };
  Millis on_delay_;
  Millis off_delay_;
  Phase phase_ = Phase::idle;
  SteadyTime since_{};  // start of the pending change
  SteadyTime active_since_{};
};

}  // namespace sw::rules
