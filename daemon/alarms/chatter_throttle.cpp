// SPDX-License-Identifier: Apache-2.0
#include "alarms/chatter_throttle.hpp"

#include <algorithm>

namespace sw::alarms {

void ChatterThrottle::begin(const std::string& source, const AlarmEvent& report) {
  Episode& e = episodes_[source];
  e.latest = report;
  e.count = ChatterCount{};
  e.count.since = report.time;
  e.most_urgent = report.priority;
}

bool ChatterThrottle::hold(const std::string& source, AlarmEvent& step) {
  switch (step.kind) {
    case AlarmEventKind::raised:
    case AlarmEventKind::cleared:
    case AlarmEventKind::escalated:
    case AlarmEventKind::deescalated:
      break;
    default:
      return false;  // operators' steps and the book's own reports always go out
  }
  auto [it, fresh] = episodes_.try_emplace(source);
  Episode& e = it->second;
  if (fresh) {
    // Chattering restored after a restart: the episode's counts start here.
    e.count.since = step.time;
    e.most_urgent = step.priority;
  }
  if (step.major_hazard || step.priority < e.most_urgent) {
    e.most_urgent = std::min(e.most_urgent, step.priority);
    e.latest = step;
    return false;
  }
  step.held_back = true;
  e.latest = step;
  ++e.count.held;
  if (step.kind == AlarmEventKind::raised) ++e.count.raised;
  if (step.kind == AlarmEventKind::cleared) ++e.count.cleared;
  return true;
}

}  // namespace sw::alarms
