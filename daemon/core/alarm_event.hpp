// SPDX-License-Identifier: Apache-2.0
#pragma once
// An alarm event: one step in an alarm's life (ISA-18.2 / IEC 62682). Written to the ledger, then
// published. One alarm keeps its id from raise to return-to-normal, through escalations.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/point.hpp"

namespace sw {

// ISA-18.2 alarm states (the suppressed-by-design state is not used by a gateway).
enum class AlarmState {
  normal,                   // NORM: not active, nothing to acknowledge
  unacknowledged,           // UNACK: active, not yet acknowledged
  acknowledged,             // ACKED: active, acknowledged
  returned_unacknowledged,  // RTNUN: returned to normal before anyone acknowledged it
  shelved,                  // SHLVD: hidden by an operator for a limited time
  out_of_service,           // OOS: taken out of service (maintenance)
};

enum class AlarmEventKind {
  raised,        // condition became active
  escalated,     // active at a more severe level (same id, new level)
  deescalated,   // still active, at a less severe level
  cleared,       // condition returned to normal
  acknowledged,  // an operator acknowledged it
  shelved,
  unshelved,
  removed_from_service,
  returned_to_service,
  chattering,  // the alarm toggles too often; reported, never silently dropped
};

std::string_view to_string(AlarmState s);
std::string_view to_string(AlarmEventKind k);
std::optional<AlarmState> alarm_state_from_string(std::string_view s);
std::optional<AlarmEventKind> alarm_event_kind_from_string(std::string_view s);

// What a `chattering` summary counts: the condition steps held back from the platform since
// `since` (they are in the ledger), and whether the source has settled (steps are sent again).
struct ChatterCount {
  int held = 0;
  int raised = 0;
  int cleared = 0;
  WallTime since;
  bool settled = false;

  bool operator==(const ChatterCount&) const = default;
};

struct AlarmEvent {
  std::string alarm_id;  // ULID of the alarm (not of the event)
  std::string event_id;  // ULID of this event
  AlarmEventKind kind = AlarmEventKind::raised;
  AlarmState state = AlarmState::unacknowledged;  // after this event
  // The alarm is shelved: a return or re-trip while shelved is recorded and sent with this set,
  // not annunciated (ISA-18.2: shelving suppresses annunciation, not the record).
  bool shelved = false;
  // The source chatters: this step is written to the ledger but not sent; the next `chattering`
  // summary counts it (issue 18).
  bool held_back = false;
  // Set on a `chattering` summary: what was held back in the last interval.
  std::optional<ChatterCount> chatter;
  std::string rule;   // which rule: "limit", "sensor_fault", "power_not_cut", a composite name
  PointInfo point;    // the point it concerns (composite rules name their first point)
  std::string level;  // "alarm", "power_cut", "level1", "level2", "fault", ...
  int priority = 2;   // 1 (most urgent) .. 4, as GB/T 28181 numbers alarm priorities
  double value = 0;   // the value that caused the event
  std::optional<double> threshold;
  double peak = 0;              // the worst value seen while the alarm was active
  bool major_hazard = false;    // a 重大事故隐患 condition
  std::string hazard_category;  // e.g. "瓦斯超限作业"
  std::string clause;           // e.g. "煤矿安全规程 第498条"
  std::string message;          // one line for people
  std::string by;               // who acknowledged / shelved, for operator events
  WallTime time;                // when it was observed (not when it is sent)
  WallTime raised_at;           // when the alarm became active
};

}  // namespace sw
