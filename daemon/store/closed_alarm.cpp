// SPDX-License-Identifier: Apache-2.0
#include "store/closed_alarm.hpp"

#include <stdexcept>

namespace sw::store {

ClosedAlarm summarise_closed_alarm(const std::vector<AlarmEvent>& events) {
  if (events.empty()) throw std::invalid_argument("a closed alarm needs at least one record");
  const AlarmEvent& first = events.front();
  const AlarmEvent& last = events.back();
  ClosedAlarm c;
  c.alarm_id = first.alarm_id;
  c.rule = first.rule;
  c.point = first.point;
  c.raised_at = first.raised_at;
  c.closed_at = last.time;
  c.steps = static_cast<int>(events.size());
  bool have_level = false;
  for (const AlarmEvent& e : events) {
    switch (e.kind) {
      case AlarmEventKind::raised:
      case AlarmEventKind::escalated:
      case AlarmEventKind::deescalated:
        if (!have_level || e.priority <= c.priority) {
          have_level = true;
          c.level = e.level;
          c.priority = e.priority;
          c.threshold = e.threshold;
          c.message = e.message;
        }
        break;
      case AlarmEventKind::cleared:
        c.returned_at = e.time;
        break;
      case AlarmEventKind::acknowledged:
        c.acknowledged_at = e.time;
        c.acknowledged_by = e.by;
        break;
      default:
        break;
    }
    // Peak and hazard flags only grow over an alarm's life: the last word is the fullest.
    c.peak = e.peak;
    c.major_hazard = c.major_hazard || e.major_hazard;
    if (!e.hazard_category.empty()) c.hazard_category = e.hazard_category;
    if (!e.clause.empty()) c.clause = e.clause;
  }
  if (!have_level) {  // a ledger cut short at its start: say what the last record says
    c.level = last.level;
    c.priority = last.priority;
    c.message = last.message;
  }
  return c;
}

}  // namespace sw::store
