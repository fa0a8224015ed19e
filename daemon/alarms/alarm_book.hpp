// SPDX-License-Identifier: Apache-2.0
#pragma once
// The alarm book: the life of every alarm after ISA-18.2 / IEC 62682, single-threaded (owned by the
// rules thread), no I/O, time passed in. It turns the hazard engine's conditions and operators'
// actions into AlarmEvents, and says which records changed so the daemon can persist them with the
// events in one transaction.
//
//   normal ──active──► unacknowledged ──ack──► acknowledged ──clear──► normal
//                            │ clear  ▲ active                          ▲
//                            ▼        │                                 │
//                  returned_unacknowledged ─────────ack─────────────────┘
//
//   shelved (with expiry) and out_of_service hide an alarm: its condition is tracked silently, and
//   when it is revealed it re-annunciates as unacknowledged if the condition is still active, or
//   ends if it cleared. See daemon/alarms/README.md for every decision and where it comes from.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "alarms/alarm_book_settings.hpp"
#include "alarms/alarm_record.hpp"
#include "alarms/alarm_record_json.hpp"
#include "alarms/chatter_detector.hpp"
#include "alarms/chatter_throttle.hpp"
#include "core/alarm_event.hpp"
#include "core/clock.hpp"
#include "rules/condition.hpp"

namespace sw::alarms {

// Result of an operator action: empty on success, else the reason it was refused (for people).
using Refusal = std::optional<std::string>;

class AlarmBook {
 public:
  explicit AlarmBook(std::function<PointInfo(const PointId&)> point_info,
                     AlarmBookSettings settings = {});

  // Re-establishes alarms that were not back to normal before a restart (same ids, same shelving).
  // Call once, before the first apply(). Records that cannot be live (normal, or acknowledged with
  // the condition gone) are not restored and are reported as ended by take_changes().
  void restore(std::vector<AlarmRecord> records);
  // A reload: takes over every alarm of `old` as it is (ids, states, shelving, chattering, changes
  // not yet written), in memory: the reload neither re-reads the store nor changes an alarm. Call
  // instead of restore(); `old` is left empty.
  void carry_over(AlarmBook& old);

  // A condition from the hazard engine; appends the events it causes. While its source chatters,
  // condition steps come out `held_back` (for the ledger, not the platform); see
  // chatter_throttle.hpp.
  void apply(const rules::Condition& condition, std::vector<AlarmEvent>& out);

  // Operator actions, from the console or the platform. `by` names who acts (required, for the
  // ledger); `now` is when, and becomes the event's time.
  Refusal acknowledge(const std::string& alarm_id, const std::string& by, WallTime now,
                      std::vector<AlarmEvent>& out);
  // Refused for a priority in [alarms] unshelvable_priorities, and for priority 1 without a
  // reason.
  Refusal shelve(const std::string& alarm_id, Millis duration, const std::string& by, WallTime now,
                 std::vector<AlarmEvent>& out, const std::string& reason = {});
  Refusal unshelve(const std::string& alarm_id, const std::string& by, WallTime now,
                   std::vector<AlarmEvent>& out);
  Refusal set_out_of_service(const std::string& alarm_id, bool out_of_service,
                             const std::string& by, WallTime now, std::vector<AlarmEvent>& out);

  // Where the out-of-service reminder finds a point's own limit, clause and category (the rules
  // thread asks the hazard engine). Unset, every point has the [alarms] default and no clause.
  void set_service_limits(std::function<ServiceLimit(const PointId&)> limits) {
    service_limits_ = std::move(limits);
  }

  // Timed transitions due at `now`: shelving expiry, chattering calming down, the
  // `chattering` summaries of held-back steps (one per source per chatter_window, one at the end),
  // and the reminders of alarms out of service past their limit (out_of_service_reminder.cpp).
  void tick(WallTime now, std::vector<AlarmEvent>& out);

  // The source of the reminder that `source` has been out of service too long, and back.
  static std::string reminder_source(const std::string& source);
  static bool is_reminder_source(const std::string& source);

  // Alarms not back to normal (active, unacknowledged, shelved, out of service), most urgent first:
  // by priority, then oldest raise first.
  std::vector<AlarmRecord> current() const;
  const AlarmRecord* find(const std::string& alarm_id) const;
  const AlarmRecord* find_by_source(const std::string& source) const;

  // Records changed since the last call (to upsert) and sources whose alarm ended (to delete). The
  // two never share a source: an alarm that ended and was raised again is only upserted.
  struct Changes {
    std::vector<AlarmRecord> changed;
    std::vector<std::string> ended_sources;
  };
  Changes take_changes();
  // Whether take_changes() has anything to give (cheap: a turn without changes skips the store).
  bool has_changes() const { return !changed_sources_.empty() || !ended_sources_.empty(); }

 private:
  void apply_condition(const rules::Condition& c, std::vector<AlarmEvent>& out);
  void emit_summary(const ChatterThrottle::Summary& s, WallTime now, std::vector<AlarmEvent>& out);
  void raise_new(const rules::Condition& c, std::vector<AlarmEvent>& out);
  void apply_visible(AlarmRecord& r, const rules::Condition& c, std::vector<AlarmEvent>& out);
  void track_hidden(AlarmRecord& r, const rules::Condition& c, std::vector<AlarmEvent>& out);
  bool breaks_through(const AlarmRecord& r, const rules::Condition& c) const;
  void note_raise(AlarmRecord& r, WallTime t, std::vector<AlarmEvent>& out);
  // Ends shelving or out-of-service: the alarm re-annunciates if its condition is active, else
  // ends.
  void reveal(AlarmRecord& r, AlarmEventKind kind, const std::string& by, WallTime t,
              const std::string& note, std::vector<AlarmEvent>& out);
  void end_alarm(const std::string& source);
  void touch(AlarmRecord& r, WallTime t);
  void emit(const AlarmRecord& r, AlarmEventKind kind, WallTime t, const std::string& by,
            const std::string& note, std::vector<AlarmEvent>& out) const;
  AlarmRecord* lookup(const std::string& alarm_id);
  bool may_hide_major(AlarmState hiding) const;
  // Raises the `masked` reminder of each alarm out of service past its point's limit, and clears
  // it once the alarm is back in service (or gone). Walks the live alarms, as shelving expiry does.
  void remind_out_of_service(WallTime now, std::vector<AlarmEvent>& out);
  Millis out_of_service_limit(const ServiceLimit& limit) const;

  std::function<PointInfo(const PointId&)> point_info_;
  std::function<ServiceLimit(const PointId&)> service_limits_;
  AlarmBookSettings settings_;
  ChatterDetector chatter_;
  ChatterThrottle throttle_;
  std::map<std::string, AlarmRecord> by_source_;
  std::map<std::string, std::string> source_of_id_;
  std::set<std::string> changed_sources_;
  std::set<std::string> ended_sources_;
};

}  // namespace sw::alarms
