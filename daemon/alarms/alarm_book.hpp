#pragma once
// The alarm book: the life of every alarm after ISA-18.2 / IEC 62682, single-threaded (owned by the
// rules thread), no I/O. It turns the hazard engine's conditions and operators' actions into
// AlarmEvents, and says which records changed so the daemon can persist them with the events.
//
//   normal ──active──► unacknowledged ──ack──► acknowledged ──clear──► normal
//                            │ clear                                    ▲
//                            ▼                                          │
//                  returned_unacknowledged ─────────ack─────────────────┘
//   shelved (with expiry) and out_of_service hide an alarm from annunciation; it is still tracked.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "core/clock.hpp"
#include "rules/condition.hpp"

namespace sw::alarms {

struct AlarmRecord {
  std::string alarm_id;
  std::string source;          // the condition source it belongs to
  std::string rule;
  PointId point;
  AlarmState state = AlarmState::normal;
  AlarmState state_before_hide = AlarmState::normal;  // what shelving / OOS hides
  bool condition_active = false;
  std::string level;
  int rank = 0;
  int priority = 2;
  double value = 0;
  double peak = 0;
  std::optional<double> threshold;
  bool major_hazard = false;
  std::string hazard_category;
  std::string clause;
  std::string message;
  WallTime raised_at;
  WallTime last_change;
  std::optional<WallTime> shelved_until;
  std::string acked_by;
  std::optional<WallTime> acked_at;
  std::vector<WallTime> recent_raises;  // for chattering detection
  bool chattering = false;
};

struct AlarmBookSettings {
  int chatter_count = 5;              // raises within the window that make an alarm chattering
  Millis chatter_window{60'000};
  Millis max_shelve{8 * 3'600'000};   // longest shelving an operator may ask for
  bool allow_shelving_major_hazards = false;
};

// Result of an operator action: empty on success, else the reason it was refused.
using Refusal = std::optional<std::string>;

class AlarmBook {
 public:
  AlarmBook(std::function<PointInfo(const PointId&)> point_info, AlarmBookSettings settings = {});

  // Re-establishes alarms that were active before a restart (same ids).
  void restore(std::vector<AlarmRecord> records);
  void apply(const rules::Condition& condition, std::vector<AlarmEvent>& out);
  Refusal acknowledge(const std::string& alarm_id, const std::string& by, WallTime now,
                      std::vector<AlarmEvent>& out);
  Refusal shelve(const std::string& alarm_id, Millis duration, const std::string& by, WallTime now,
                 std::vector<AlarmEvent>& out);
  Refusal unshelve(const std::string& alarm_id, const std::string& by, WallTime now,
                   std::vector<AlarmEvent>& out);
  Refusal set_out_of_service(const std::string& alarm_id, bool out_of_service, const std::string& by,
                             WallTime now, std::vector<AlarmEvent>& out);
  // Shelving expiry.
  void tick(WallTime now, std::vector<AlarmEvent>& out);

  // Alarms not back to normal (active, unacknowledged, shelved, out of service).
  std::vector<AlarmRecord> current() const;
  const AlarmRecord* find(const std::string& alarm_id) const;

  // Records changed since the last call (to upsert) and sources whose alarm ended (to delete).
  struct Changes {
    std::vector<AlarmRecord> changed;
    std::vector<std::string> ended_sources;
  };
  Changes take_changes();

 private:
  std::function<PointInfo(const PointId&)> point_info_;
  AlarmBookSettings settings_;
  std::map<std::string, AlarmRecord> by_source_;
  std::map<std::string, std::string> source_of_id_;
  Changes changes_;
};

// The persisted form of a record (JSON text), for store::AlarmStateTable.
std::string to_json_text(const AlarmRecord& record);
AlarmRecord record_from_json_text(const std::string& text);

}  // namespace sw::alarms
