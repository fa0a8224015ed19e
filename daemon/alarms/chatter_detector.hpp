// SPDX-License-Identifier: Apache-2.0
#pragma once
// Chattering detection (ISA-18.2 / IEC 62682: an alarm that repeatedly goes in and out of alarm in
// a short time). Counted per condition source, not per alarm id: an acknowledged alarm that clears
// ends, and its next raise carries a new id, yet it is the same nuisance.
//
// A source becomes chattering on the raise that brings `count` raises within `window`; it calms
// down once a whole window passes without a raise. The quiet-window rule gives hysteresis, so a
// source hovering at the limit is not flagged, unflagged and flagged again.
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace sw::alarms {

class ChatterDetector {
 public:
  ChatterDetector(int count, Millis window) : count_(count), window_(window) {}

  // Records a raise; true when this raise makes the source chattering (once per episode).
  bool note_raise(const std::string& source, WallTime t);
  // Sources that calmed down by `now`; forgets sources with nothing left to remember.
  std::vector<std::string> calm_down(WallTime now);

  bool chattering(const std::string& source) const;
  std::vector<WallTime> recent_raises(const std::string& source) const;
  // Re-seeds a source from a persisted alarm record.
  void restore(const std::string& source, const std::vector<WallTime>& raises, bool chattering);

  // A reload: goes on with `old`'s recent raises (its settings are replaced by this one's).
  void carry_over(ChatterDetector& old) { tracks_ = std::move(old.tracks_); }

 private:
  struct Track {
    std::deque<WallTime> raises;  // within the window of the latest raise, oldest first
    bool chattering = false;
  };
  int count_;
  Millis window_;
  std::map<std::string, Track> tracks_;
};

}  // namespace sw::alarms
