// SPDX-License-Identifier: Apache-2.0
#include "alarms/chatter_detector.hpp"

#include <algorithm>

namespace sw::alarms {

bool ChatterDetector::note_raise(const std::string& source, WallTime t) {
  if (count_ <= 0) return false;
  Track& track = tracks_[source];
  // A whole quiet window since the last raise ends an episode even if no tick() noticed it.
  if (track.chattering && !track.raises.empty() && t - track.raises.back() >= window_)
    track.chattering = false;
  track.raises.push_back(t);
  while (!track.raises.empty() && t - track.raises.front() >= window_) track.raises.pop_front();
  if (track.chattering || track.raises.size() < static_cast<std::size_t>(count_)) return false;
  track.chattering = true;
  return true;
}

std::vector<std::string> ChatterDetector::calm_down(WallTime now) {
  std::vector<std::string> calmed;
  for (auto it = tracks_.begin(); it != tracks_.end();) {
    Track& track = it->second;
    const bool quiet = track.raises.empty() || now - track.raises.back() >= window_;
    if (quiet && track.chattering) {
      track.chattering = false;
      calmed.push_back(it->first);
    }
    it = quiet ? tracks_.erase(it) : std::next(it);
  }
  return calmed;
}

bool ChatterDetector::chattering(const std::string& source) const {
  auto it = tracks_.find(source);
  return it != tracks_.end() && it->second.chattering;
}

std::vector<WallTime> ChatterDetector::recent_raises(const std::string& source) const {
  auto it = tracks_.find(source);
  if (it == tracks_.end()) return {};
  return {it->second.raises.begin(), it->second.raises.end()};
}

void ChatterDetector::restore(const std::string& source, const std::vector<WallTime>& raises,
                              bool chattering) {
  if (raises.empty() && !chattering) return;
  Track& track = tracks_[source];
  track.raises.assign(raises.begin(), raises.end());
  std::sort(track.raises.begin(), track.raises.end());
  track.chattering = chattering;
}

}  // namespace sw::alarms
