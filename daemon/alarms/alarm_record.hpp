// SPDX-License-Identifier: Apache-2.0
#pragma once
// One alarm that is not back to normal, as the alarm book keeps it and the store persists it (so an
// alarm active before a crash is still active after it, with the same id and the same shelving).
#include <optional>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "core/clock.hpp"
#include "core/point.hpp"

namespace sw::alarms {

struct AlarmRecord {
  std::string alarm_id;  // one id from raise until the alarm is back to normal
  std::string source;    // the condition source it belongs to (unique among live alarms)
  std::string rule;
  PointId point;
  // As shown: unacknowledged, acknowledged or returned_unacknowledged; shelved or out_of_service
  // while hidden (ISA-18.2 / IEC 62682 take a hidden alarm back to the state its condition dictates
  // when it is revealed, so nothing of the state before hiding needs keeping).
  AlarmState state = AlarmState::normal;
  bool condition_active = false;  // the hazard engine's latest word, tracked while hidden too
  std::string level;              // the level last seen active
  int rank = 0;
  int priority = 2;
  double value = 0;  // latest value reported (at the clear, once cleared)
  double peak = 0;   // worst value while active: the largest, or the smallest for a low limit
  bool low = false;
  std::optional<double> threshold;
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;
  WallTime raised_at;    // first raise of this alarm id
  WallTime last_change;  // time of the latest condition or operator action applied
  std::optional<WallTime> shelved_until;
  std::string hidden_by;  // who shelved it or took it out of service
  std::optional<WallTime> hidden_at;
  int hidden_rank = 0;  // the rank the operator hid: a more severe level breaks through shelving
  std::string acked_by;
  std::optional<WallTime> acked_at;
  std::vector<WallTime>
      recent_raises;  // for chattering detection (per source, see ChatterDetector)
  bool chattering = false;

  bool hidden() const {
    return state == AlarmState::shelved || state == AlarmState::out_of_service;
  }
  bool operator==(const AlarmRecord&) const = default;
};

}  // namespace sw::alarms
