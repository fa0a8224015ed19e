// SPDX-License-Identifier: Apache-2.0
#pragma once
// A closed alarm's life, summed up from its ledger records: what `sitewatchctl alarms --closed`
// lists. An alarm is closed when it is back to normal — its condition returned and someone
// acknowledged it (ISA-18.2 NORM); the live alarm book forgets it then, the ledger keeps it.
#include <optional>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"

namespace sw::store {

struct ClosedAlarm {
  std::string alarm_id;
  std::string rule;
  PointInfo point;
  std::string
      level;  // the most urgent level it reached (lowest priority number; the later on a tie)
  int priority = 4;
  double peak = 0;
  std::optional<double> threshold;  // of that level
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;  // of the step that reached `level`
  WallTime raised_at;
  std::optional<WallTime> returned_at;  // the condition's last return to normal
  std::optional<WallTime> acknowledged_at;
  std::string acknowledged_by;
  WallTime closed_at;
  int steps = 0;  // ledger records of this alarm
};

// `events`: one alarm's records in ledger order, the last one back to normal. Throws
// std::invalid_argument when empty.
ClosedAlarm summarise_closed_alarm(const std::vector<AlarmEvent>& events);

}  // namespace sw::store
