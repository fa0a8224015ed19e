// SPDX-License-Identifier: Apache-2.0
#include "alarms/alarm_book.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "core/ulid.hpp"
#include "rules/condition_text.hpp"

namespace sw::alarms {
namespace {

// Severity within one source: the engine's rank orders levels; at the same rank a condition that
// has become a major hazard (a sensor fault not restored in time, 判定标准 第十八条(六)) is the
// more severe.
int compare_severity(int rank_a, bool major_a, int rank_b, bool major_b) {
  const auto a = std::make_tuple(rank_a, major_a);
  const auto b = std::make_tuple(rank_b, major_b);
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The worse of two values: the largest for a high limit, the smallest for a low one. A NaN (a
// composite rule over a failed read) never replaces a real value.
double worse(bool low, double a, double b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return low ? std::min(a, b) : std::max(a, b);
}

// What an active condition says about its alarm (an inactive one says only its value).
void take_active(AlarmRecord& r, const rules::Condition& c) {
  r.rule = c.rule;
  r.point = c.point;
  r.level = c.level;
  r.rank = c.rank;
  r.priority = c.priority;
  r.value = c.value;
  r.threshold = c.threshold;
  r.low = c.low;
  r.major_hazard = c.major_hazard;
  r.hazard_category = c.hazard_category;
  r.clause = c.clause;
  r.message = c.message;
}

std::string with_note(const std::string& note, const std::string& message) {
  if (note.empty()) return message;
  if (message.empty()) return note;
  return note + "; " + message;
}

// What a `cleared` step says: the value now, the peak and how long the condition lasted — not the
// raise's text, whose value is long gone.
std::string cleared_text(const AlarmRecord& r, const PointInfo& point, WallTime t) {
  const std::string name = point.name.empty() ? r.point : point.name;
  std::string out = "back to normal: " + rules::reading(name, r.value, point.unit);
  const std::string what = r.level.empty() ? r.rule : r.level;
  if (r.threshold && std::isfinite(*r.threshold))
    out += " (" + what + (r.low ? " ≤ " : " ≥ ") + rules::format_number(*r.threshold) + ")";
  else
    out += " (" + what + ")";
  if (std::isfinite(r.peak))
    out += "; peak " + rules::format_number(r.peak) + (point.unit.empty() ? "" : " " + point.unit);
  // To the second from a second on: "lasted 6s", not "6007ms".
  auto lasted = std::chrono::duration_cast<Millis>(t - r.raised_at);
  if (lasted >= Millis{1000}) lasted = std::chrono::round<std::chrono::seconds>(lasted);
  if (lasted.count() >= 0) out += "; lasted " + format_duration(lasted);
  return out;
}

std::string when(const std::optional<WallTime>& t) {
  return t ? format_iso8601(*t) : std::string("an unknown time");
}

}  // namespace

AlarmBook::AlarmBook(std::function<PointInfo(const PointId&)> point_info,
                     AlarmBookSettings settings)
    : point_info_(std::move(point_info)),
      settings_(settings),
      chatter_(settings.chatter_count, settings.chatter_window),
      throttle_(settings.chatter_window) {}

void AlarmBook::carry_over(AlarmBook& old) {
  chatter_.carry_over(old.chatter_);
  throttle_.carry_over(old.throttle_);
  by_source_ = std::move(old.by_source_);
  source_of_id_ = std::move(old.source_of_id_);
  changed_sources_ = std::move(old.changed_sources_);
  ended_sources_ = std::move(old.ended_sources_);
}

void AlarmBook::restore(std::vector<AlarmRecord> records) {
  for (auto& r : records) {
    if (r.source.empty() || by_source_.count(r.source) != 0) continue;
    // An acknowledged alarm whose condition is gone has ended; a normal one never was live. Neither
    // is restored, and the store is told to forget them.
    const bool live = !r.alarm_id.empty() && r.state != AlarmState::normal &&
                      !(r.state == AlarmState::acknowledged && !r.condition_active);
    if (!live) {
      ended_sources_.insert(r.source);
      continue;
    }
    chatter_.restore(r.source, r.recent_raises, r.chattering);
    source_of_id_[r.alarm_id] = r.source;
    const std::string source = r.source;
    by_source_.emplace(source, std::move(r));
  }
}

void AlarmBook::apply(const rules::Condition& c, std::vector<AlarmEvent>& out) {
  // Steps of a source that was already chattering are held back while it still is; the raise
  // that makes it chattering goes out with the `chattering` report.
  const bool was_chattering = chatter_.chattering(c.source);
  const std::size_t first = out.size();
  apply_condition(c, out);
  if (!was_chattering || !chatter_.chattering(c.source)) return;
  for (std::size_t i = first; i < out.size(); ++i) throttle_.hold(c.source, out[i]);
}

void AlarmBook::apply_condition(const rules::Condition& c, std::vector<AlarmEvent>& out) {
  auto it = by_source_.find(c.source);
  if (it == by_source_.end()) {
    // An inactive condition without an alarm is the engine's first report of a healthy source.
    if (c.active) raise_new(c, out);
    return;
  }
  AlarmRecord& r = it->second;
  if (r.hidden()) {
    if (!breaks_through(r, c)) {
      track_hidden(r, c, out);
      return;
    }
    // Reveal the alarm as it stood, then let the condition escalate or re-raise it, so the ledger
    // says both that hiding ended and why.
    const AlarmEventKind kind = r.state == AlarmState::shelved
                                    ? AlarmEventKind::unshelved
                                    : AlarmEventKind::returned_to_service;
    const std::string note =
        (r.state == AlarmState::shelved ? "shelving ended: " : "back in service: ") +
        (c.level.empty() ? c.rule : c.level) +
        (c.major_hazard ? " is a major hazard" : " is more severe than when hidden");
    r.state = r.condition_active ? AlarmState::unacknowledged : AlarmState::returned_unacknowledged;
    r.shelved_until.reset();
    r.hidden_by.clear();
    r.hidden_at.reset();
    r.hidden_rank = 0;
    r.acked_by.clear();
    r.acked_at.reset();
    touch(r, c.time);
    emit(r, kind, c.time, "", note, out);
  }
  apply_visible(r, c, out);
}

void AlarmBook::raise_new(const rules::Condition& c, std::vector<AlarmEvent>& out) {
  AlarmRecord r;
  r.alarm_id = make_ulid(c.time);
  r.source = c.source;
  take_active(r, c);
  r.peak = c.value;
  r.condition_active = true;
  r.state = AlarmState::unacknowledged;
  r.raised_at = c.time;
  r.last_change = c.time;
  source_of_id_[r.alarm_id] = c.source;
  ended_sources_.erase(c.source);
  changed_sources_.insert(c.source);
  AlarmRecord& stored = by_source_.emplace(c.source, std::move(r)).first->second;
  emit(stored, AlarmEventKind::raised, c.time, "", "", out);
  note_raise(stored, c.time, out);
}

void AlarmBook::apply_visible(AlarmRecord& r, const rules::Condition& c,
                              std::vector<AlarmEvent>& out) {
  if (!c.active) {
    if (!r.condition_active) return;  // already returned to normal
    r.condition_active = false;
    r.value = c.value;
    touch(r, c.time);
    r.message = cleared_text(r, point_info_ ? point_info_(r.point) : PointInfo{}, c.time);
    if (r.state == AlarmState::unacknowledged) {
      r.state = AlarmState::returned_unacknowledged;  // ISA-18.2 RTNUN: still needs an ack
      emit(r, AlarmEventKind::cleared, c.time, "", "", out);
      return;
    }
    r.state = AlarmState::normal;  // acknowledged and cleared: the alarm's life is over
    emit(r, AlarmEventKind::cleared, c.time, "", "", out);
    const std::string source = r.source;
    end_alarm(source);
    return;
  }

  if (!r.condition_active) {
    // Active again before anyone acknowledged its return: the same alarm, annunciated again
    // (ISA-18.2 RTNUN → UNACK). It keeps its id and its peak.
    take_active(r, c);
    r.peak = worse(r.low, r.peak, c.value);
    r.condition_active = true;
    r.state = AlarmState::unacknowledged;
    r.acked_by.clear();
    r.acked_at.reset();
    touch(r, c.time);
    emit(r, AlarmEventKind::raised, c.time, "", "", out);
    note_raise(r, c.time, out);
    return;
  }

  const int severity = compare_severity(c.rank, c.major_hazard, r.rank, r.major_hazard);
  const AlarmRecord before = r;
  take_active(r, c);
  r.peak = worse(r.low, r.peak, c.value);
  if (severity > 0) {
    // ISA-18.2 / IEC 62682 treat each limit (H, HH) as an alarm of its own, acknowledged on its
    // own: acknowledging the lower level never acknowledges the higher. Keeping one id per source
    // means the escalation has to take an acknowledged alarm back to unacknowledged.
    if (r.state == AlarmState::acknowledged) {
      r.state = AlarmState::unacknowledged;
      r.acked_by.clear();
      r.acked_at.reset();
    }
    touch(r, c.time);
    emit(r, AlarmEventKind::escalated, c.time, "",
         "escalated from " + (before.level.empty() ? before.rule : before.level), out);
  } else if (severity < 0) {
    // Less severe, still active: announced, but what was acknowledged stays acknowledged.
    touch(r, c.time);
    emit(r, AlarmEventKind::deescalated, c.time, "",
         "down from " + (before.level.empty() ? before.rule : before.level), out);
  } else {
    // Same level, new value: persisted only when something worth keeping moved (the peak, the
    // message), so a steady stream of values does not rewrite the record every turn.
    AlarmRecord compare = before;
    compare.value = r.value;
    if (!(compare == r)) touch(r, c.time);
  }
}

void AlarmBook::track_hidden(AlarmRecord& r, const rules::Condition& c,
                             std::vector<AlarmEvent>& out) {
  // Shelved or out of service: the condition is followed silently (no raise or clear annunciation,
  // ISA-18.2), so revealing the alarm later shows the truth.
  // A shelved alarm's returns and re-trips are still recorded and sent, marked shelved: the
  // platform must see what the site hid (issue 18).
  const bool tell = r.state == AlarmState::shelved;
  if (c.active) {
    const bool was_active = r.condition_active;
    take_active(r, c);
    r.peak = worse(r.low, r.peak, c.value);
    r.condition_active = true;
    touch(r, c.time);
    if (tell && !was_active) emit(r, AlarmEventKind::raised, c.time, "", "while shelved", out);
    return;
  }
  if (!r.condition_active) return;
  r.condition_active = false;
  r.value = c.value;
  touch(r, c.time);
  if (tell) {
    r.message = cleared_text(r, point_info_ ? point_info_(r.point) : PointInfo{}, c.time);
    emit(r, AlarmEventKind::cleared, c.time, "", "while shelved", out);
  }
}

bool AlarmBook::breaks_through(const AlarmRecord& r, const rules::Condition& c) const {
  if (!c.active) return false;
  // What the operator could not have hidden, hiding does not cover.
  if (c.major_hazard && !may_hide_major(r.state)) return true;
  // Shelving covers the level that was shelved: in ISA-18.2 terms a more severe level is another
  // alarm, and nobody shelved it.
  return r.state == AlarmState::shelved && c.rank > r.hidden_rank;
}

bool AlarmBook::may_hide_major(AlarmState hiding) const {
  return hiding == AlarmState::shelved ? settings_.allow_shelving_major_hazards
                                       : settings_.allow_out_of_service_major_hazards;
}

void AlarmBook::note_raise(AlarmRecord& r, WallTime t, std::vector<AlarmEvent>& out) {
  const bool started = chatter_.note_raise(r.source, t);
  r.recent_raises = chatter_.recent_raises(r.source);
  r.chattering = chatter_.chattering(r.source);
  if (!started) return;
  // Reported once per episode; from here on the source's steps are counted, not sent one by one
  // (they are all still in the ledger).
  emit(r, AlarmEventKind::chattering, t, "",
       "chattering: raised " + std::to_string(r.recent_raises.size()) + " times within " +
           format_duration(settings_.chatter_window) + "; steps are counted until it settles",
       out);
  out.back().chatter = ChatterCount{0, 0, 0, t, false};
  throttle_.begin(r.source, out.back());
}

void AlarmBook::emit_summary(const ChatterThrottle::Summary& s, WallTime now,
                             std::vector<AlarmEvent>& out) {
  const ChatterCount& n = s.count;
  std::string note = (n.settled ? "chattering ended: " : "chattering: ") + std::to_string(n.held) +
                     " step(s) held back (" + std::to_string(n.raised) + " raised, " +
                     std::to_string(n.cleared) + " cleared) since " + format_iso8601(n.since);
  if (n.settled) note += "; steps are sent again";
  // The alarm as it stands now when it is still live, else as its last held step left it.
  const AlarmRecord* r = find_by_source(s.source);
  if (r != nullptr && r->alarm_id == s.latest.alarm_id) {
    emit(*r, AlarmEventKind::chattering, now, "", note, out);
  } else {
    AlarmEvent e = s.latest;
    e.event_id = make_ulid(now);
    e.kind = AlarmEventKind::chattering;
    e.by.clear();
    e.message = note;
    e.time = now;
    out.push_back(std::move(e));
  }
  out.back().held_back = false;
  out.back().chatter = n;
}

void AlarmBook::reveal(AlarmRecord& r, AlarmEventKind kind, const std::string& by, WallTime t,
                       const std::string& note, std::vector<AlarmEvent>& out) {
  r.shelved_until.reset();
  r.hidden_by.clear();
  r.hidden_at.reset();
  r.hidden_rank = 0;
  r.acked_by.clear();
  r.acked_at.reset();
  touch(r, t);
  if (r.condition_active) {
    // ISA-18.2: an alarm leaving shelving or out-of-service while its condition is active is
    // annunciated again and needs a fresh acknowledgement.
    r.state = AlarmState::unacknowledged;
    emit(r, kind, t, by, note, out);
    return;
  }
  r.state = AlarmState::normal;
  emit(r, kind, t, by, note, out);
  const std::string source = r.source;
  end_alarm(source);
}

void AlarmBook::end_alarm(const std::string& source) {
  auto it = by_source_.find(source);
  if (it == by_source_.end()) return;
  source_of_id_.erase(it->second.alarm_id);
  by_source_.erase(it);
  changed_sources_.erase(source);
  ended_sources_.insert(source);
}

void AlarmBook::touch(AlarmRecord& r, WallTime t) {
  r.last_change = t;
  changed_sources_.insert(r.source);
}

void AlarmBook::emit(const AlarmRecord& r, AlarmEventKind kind, WallTime t, const std::string& by,
                     const std::string& note, std::vector<AlarmEvent>& out) const {
  AlarmEvent e;
  e.alarm_id = r.alarm_id;
  e.event_id = make_ulid(t);
  e.kind = kind;
  e.state = r.state;
  e.shelved = r.state == AlarmState::shelved;
  e.rule = r.rule;
  if (point_info_) e.point = point_info_(r.point);
  if (e.point.id.empty()) e.point.id = r.point;
  e.level = r.level;
  e.priority = r.priority;
  e.value = r.value;
  e.threshold = r.threshold;
  e.peak = r.peak;
  e.major_hazard = r.major_hazard;
  e.hazard_category = r.hazard_category;
  e.clause = r.clause;
  e.message = with_note(note, r.message);
  e.by = by;
  e.time = t;
  e.raised_at = r.raised_at;
  out.push_back(std::move(e));
}

AlarmRecord* AlarmBook::lookup(const std::string& alarm_id) {
  auto id = source_of_id_.find(alarm_id);
  if (id == source_of_id_.end()) return nullptr;
  auto it = by_source_.find(id->second);
  return it == by_source_.end() ? nullptr : &it->second;
}

const AlarmRecord* AlarmBook::find(const std::string& alarm_id) const {
  auto id = source_of_id_.find(alarm_id);
  if (id == source_of_id_.end()) return nullptr;
  return find_by_source(id->second);
}

const AlarmRecord* AlarmBook::find_by_source(const std::string& source) const {
  auto it = by_source_.find(source);
  return it == by_source_.end() ? nullptr : &it->second;
}

Refusal AlarmBook::acknowledge(const std::string& alarm_id, const std::string& by, WallTime now,
                               std::vector<AlarmEvent>& out) {
  if (by.empty()) return "an acknowledgement must name who acknowledges";
  AlarmRecord* r = lookup(alarm_id);
  if (r == nullptr) return "no live alarm " + alarm_id + " (unknown id, or the alarm has ended)";
  switch (r->state) {
    case AlarmState::acknowledged:
      // Refused rather than accepted again: the ledger keeps one acknowledgement per annunciation,
      // and the second operator learns who already took it (console and platform can race, and an
      // MQTT QoS 1 command can arrive twice).
      return "alarm " + alarm_id + " is already acknowledged by " + r->acked_by + " at " +
             when(r->acked_at);
    case AlarmState::shelved:
      return "alarm " + alarm_id + " is shelved until " + when(r->shelved_until) +
             ": nothing is annunciated to acknowledge; unshelve it first";
    case AlarmState::out_of_service:
      return "alarm " + alarm_id + " is out of service: return it to service first";
    case AlarmState::normal:  // never held in the book
    case AlarmState::unacknowledged:
    case AlarmState::returned_unacknowledged:
      break;
  }
  r->acked_by = by;
  r->acked_at = now;
  touch(*r, now);
  if (r->state == AlarmState::unacknowledged) {
    r->state = AlarmState::acknowledged;
    emit(*r, AlarmEventKind::acknowledged, now, by, "", out);
    return std::nullopt;
  }
  // Returned to normal and now acknowledged: the alarm's life is over (ISA-18.2 RTNUN → NORM).
  r->state = AlarmState::normal;
  emit(*r, AlarmEventKind::acknowledged, now, by, "", out);
  const std::string source = r->source;
  end_alarm(source);
  return std::nullopt;
}

Refusal AlarmBook::shelve(const std::string& alarm_id, Millis duration, const std::string& by,
                          WallTime now, std::vector<AlarmEvent>& out, const std::string& reason) {
  if (by.empty()) return "shelving must name who shelves";
  AlarmRecord* r = lookup(alarm_id);
  if (r == nullptr) return "no live alarm " + alarm_id + " (unknown id, or the alarm has ended)";
  if (duration <= Millis{0}) return "shelving needs a positive duration";
  if (duration > settings_.max_shelve)
    return "shelving for " + format_duration(duration) + " is longer than the " +
           format_duration(settings_.max_shelve) + " allowed ([alarms] max_shelve)";
  if (r->state == AlarmState::out_of_service)
    return "alarm " + alarm_id + " is out of service: return it to service first";
  if (is_reminder_source(r->source))
    return "alarm " + alarm_id + " says that another alarm is out of service too long; return " +
           "that one to service instead";
  if (r->major_hazard && !settings_.allow_shelving_major_hazards)
    return "alarm " + alarm_id + " is a major hazard (" + r->hazard_category +
           (r->clause.empty() ? "" : ", " + r->clause) +
           ") and cannot be shelved ([alarms] allow_shelving_major_hazards is off)";
  const auto& forbidden = settings_.unshelvable_priorities;
  if (std::find(forbidden.begin(), forbidden.end(), r->priority) != forbidden.end())
    return "alarm " + alarm_id + " has priority " + std::to_string(r->priority) +
           ", which cannot be shelved ([alarms] unshelvable_priorities)";
  if (r->priority == 1 && reason.empty()) return "shelving a priority-1 alarm needs a reason";
  // Shelving an alarm already shelved sets a new expiry: a fresh, logged decision each time.
  const WallTime until = now + duration;
  r->state = AlarmState::shelved;
  r->shelved_until = until;
  r->hidden_by = by;
  r->hidden_at = now;
  r->hidden_rank = r->rank;
  touch(*r, now);
  emit(*r, AlarmEventKind::shelved, now, by,
       "shelved for " + format_duration(duration) + " until " + format_iso8601(until) +
           (reason.empty() ? "" : ": " + reason),
       out);
  return std::nullopt;
}

Refusal AlarmBook::unshelve(const std::string& alarm_id, const std::string& by, WallTime now,
                            std::vector<AlarmEvent>& out) {
  if (by.empty()) return "unshelving must name who unshelves";
  AlarmRecord* r = lookup(alarm_id);
  if (r == nullptr) return "no live alarm " + alarm_id + " (unknown id, or the alarm has ended)";
  if (r->state != AlarmState::shelved)
    return "alarm " + alarm_id + " is not shelved (it is " + std::string(to_string(r->state)) + ")";
  reveal(*r, AlarmEventKind::unshelved, by, now, "unshelved", out);
  return std::nullopt;
}

Refusal AlarmBook::set_out_of_service(const std::string& alarm_id, bool out_of_service,
                                      const std::string& by, WallTime now,
                                      std::vector<AlarmEvent>& out) {
  if (by.empty()) return "a change of service must name who makes it";
  AlarmRecord* r = lookup(alarm_id);
  if (r == nullptr) return "no live alarm " + alarm_id + " (unknown id, or the alarm has ended)";
  if (!out_of_service) {
    if (r->state != AlarmState::out_of_service)
      return "alarm " + alarm_id + " is not out of service (it is " +
             std::string(to_string(r->state)) + ")";
    reveal(*r, AlarmEventKind::returned_to_service, by, now, "returned to service", out);
    return std::nullopt;
  }
  if (r->state == AlarmState::out_of_service)
    return "alarm " + alarm_id + " is already out of service (by " + r->hidden_by + " at " +
           when(r->hidden_at) + ")";
  // Hiding the reminder would hide the hiding: it ends when the alarm it is about returns.
  if (is_reminder_source(r->source))
    return "alarm " + alarm_id + " says that another alarm is out of service too long; return " +
           "that one to service instead";
  if (r->major_hazard && !settings_.allow_out_of_service_major_hazards)
    return "alarm " + alarm_id + " is a major hazard (" + r->hazard_category +
           (r->clause.empty() ? "" : ", " + r->clause) +
           ") and cannot be taken out of service ([alarms] allow_out_of_service_major_hazards is "
           "off)";
  // Out of service replaces shelving: maintenance outranks a nuisance, and has no expiry (but a
  // reminder past its limit, out_of_service_reminder.cpp).
  r->state = AlarmState::out_of_service;
  r->shelved_until.reset();
  r->hidden_by = by;
  r->hidden_at = now;
  r->hidden_rank = r->rank;
  touch(*r, now);
  emit(*r, AlarmEventKind::removed_from_service, now, by, "removed from service", out);
  return std::nullopt;
}

void AlarmBook::tick(WallTime now, std::vector<AlarmEvent>& out) {
  std::vector<std::string> expired;
  for (const auto& [source, r] : by_source_) {
    // A shelving without a known expiry (a damaged record) ends at once: OPC UA Part 9 §5.8.17
    // unshelves an alarm whose shelving state cannot be determined after a restart.
    if (r.state == AlarmState::shelved && (!r.shelved_until || *r.shelved_until <= now))
      expired.push_back(source);
  }
  for (const auto& source : expired)
    reveal(by_source_.at(source), AlarmEventKind::unshelved, "", now, "shelving expired", out);
  remind_out_of_service(now, out);

  for (const auto& source : chatter_.calm_down(now)) {
    auto it = by_source_.find(source);
    if (it == by_source_.end()) continue;
    it->second.chattering = false;
    it->second.recent_raises.clear();
    changed_sources_.insert(source);
  }
  const auto summaries =
      throttle_.due(now, [this](const std::string& source) { return chatter_.chattering(source); });
  for (const auto& s : summaries) emit_summary(s, now, out);
}

std::vector<AlarmRecord> AlarmBook::current() const {
  std::vector<AlarmRecord> out;
  out.reserve(by_source_.size());
  for (const auto& [source, r] : by_source_) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const AlarmRecord& a, const AlarmRecord& b) {
    return std::tie(a.priority, a.raised_at, a.alarm_id) <
           std::tie(b.priority, b.raised_at, b.alarm_id);
  });
  return out;
}

AlarmBook::Changes AlarmBook::take_changes() {
  Changes changes;
  for (const auto& source : changed_sources_) {
    auto it = by_source_.find(source);
    if (it != by_source_.end()) changes.changed.push_back(it->second);
  }
  changes.ended_sources.assign(ended_sources_.begin(), ended_sources_.end());
  changed_sources_.clear();
  ended_sources_.clear();
  return changes;
}

}  // namespace sw::alarms
