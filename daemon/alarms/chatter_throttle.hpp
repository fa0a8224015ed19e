// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the platform hears from a chattering source (issue 18: a flapping level point sent 31
// raise/clear messages in ~40 s after `chattering` was reported). While a source chatters its
// condition steps (raised, cleared, escalated, deescalated) are held back from the uplink — still
// written to the ledger — and counted; once per interval, and once more when the source settles,
// the alarm book sends one `chattering` step with the counts and the alarm as it now stands.
//
// A step more urgent than any of the episode so far (a lower priority number, or a major hazard)
// is never held: chattering must not hide that things got worse.
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "core/clock.hpp"

namespace sw::alarms {

class ChatterThrottle {
 public:
  explicit ChatterThrottle(Millis interval) : interval_(interval) {}

  // A source became chattering with `report` (the `chattering` step, which is sent).
  void begin(const std::string& source, const AlarmEvent& report);
  // A condition step of a chattering source: true when it is held back (and then counted and
  // marked `held_back`), false when it must be sent.
  bool hold(const std::string& source, AlarmEvent& step);

  struct Summary {
    std::string source;
    AlarmEvent latest;  // the last step held, or the report that began the episode
    ChatterCount count;
  };
  // Summaries due at `now`: a source whose interval has passed with steps held, and every source
  // `still_chattering` says has settled (its episode ends here, held steps or not).
  template <typename StillChattering>
  std::vector<Summary> due(WallTime now, StillChattering still_chattering) {
    std::vector<Summary> out;
    for (auto it = episodes_.begin(); it != episodes_.end();) {
      Episode& e = it->second;
      const bool settled = !still_chattering(it->first);
      if (settled || (e.count.held > 0 && now - e.count.since >= interval_)) {
        Summary s{it->first, e.latest, e.count};
        s.count.settled = settled;
        out.push_back(std::move(s));
        e.count = ChatterCount{};
        e.count.since = now;
      }
      it = settled ? episodes_.erase(it) : std::next(it);
    }
    return out;
  }

  // A reload goes on with `old`'s episodes and counts.
  void carry_over(ChatterThrottle& old) { episodes_ = std::move(old.episodes_); }

 private:
  struct Episode {
    AlarmEvent latest;
    ChatterCount count;
    int most_urgent = 0;  // the lowest priority number seen in the episode
  };
  Millis interval_;
  std::map<std::string, Episode> episodes_;
};

}  // namespace sw::alarms
