// SPDX-License-Identifier: Apache-2.0
#include "store/hazard_register.hpp"

#include <array>
#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/alarm_ledger.hpp"

namespace sw::store {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kSources{"monitoring", "self_inspection", "department"};
constexpr std::array<std::string_view, 4> kStates{"open", "rectifying", "rectified", "closed"};

constexpr const char* kColumns =
    "id, source, supervised, alarm_id, point, clause, category, description, first_value, "
    "worst_value, state, responsible, measures, funds, deadline, contingency, rectified_by, "
    "rectified_note, rectified_ms, closed_by, closed_note, closed_ms, opened_ms, updated_ms "
    "FROM hazards";

template <typename E, std::size_t N>
std::optional<E> from_names(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

std::optional<double> optional_double(Statement& s, int col) {
  return s.column_is_null(col) ? std::nullopt : std::optional(s.column_double(col));
}

std::optional<WallTime> optional_time(Statement& s, int col) {
  return s.column_is_null(col) ? std::nullopt : std::optional(from_epoch_ms(s.column_int64(col)));
}

HazardRecord read_record(Statement& s) {
  HazardRecord r;
  r.id = s.column_int64(0);
  r.source = hazard_source_from_string(s.column_text(1)).value_or(HazardSource::monitoring);
  r.supervised = s.column_int64(2) != 0;
  r.alarm_id = s.column_text(3);
  r.point = s.column_text(4);
  r.clause = s.column_text(5);
  r.category = s.column_text(6);
  r.description = s.column_text(7);
  r.first_value = optional_double(s, 8);
  r.worst_value = optional_double(s, 9);
  r.state = hazard_state_from_string(s.column_text(10)).value_or(HazardState::open);
  r.plan = {s.column_text(11), s.column_text(12), s.column_text(13), s.column_text(14),
            s.column_text(15)};
  r.rectified_by = s.column_text(16);
  r.rectified_note = s.column_text(17);
  r.rectified_at = optional_time(s, 18);
  r.closed_by = s.column_text(19);
  r.closed_note = s.column_text(20);
  r.closed_at = optional_time(s, 21);
  r.opened_at = from_epoch_ms(s.column_int64(22));
  r.updated_at = from_epoch_ms(s.column_int64(23));
  return r;
}

std::string required(std::string_view what, const std::string& value) {
  if (value.find_first_not_of(" \t") == std::string::npos)
    throw HazardRefused(std::string(what) + " is required");
  return value;
}

[[noreturn]] void refuse_from(const HazardRecord& r, std::string_view step) {
  throw HazardRefused("hazard " + std::to_string(r.id) + " is " + std::string(to_string(r.state)) +
                      ": it cannot be " + std::string(step));
}

bool is_major(const AlarmEvent& e) {
  return e.major_hazard &&
         (e.kind == AlarmEventKind::raised || e.kind == AlarmEventKind::escalated);
}

}  // namespace

std::string_view to_string(HazardSource s) {
  return kSources[static_cast<std::size_t>(s)];
}
std::string_view to_string(HazardState s) {
  return kStates[static_cast<std::size_t>(s)];
}
std::optional<HazardSource> hazard_source_from_string(std::string_view s) {
  return from_names<HazardSource>(kSources, s);
}
std::optional<HazardState> hazard_state_from_string(std::string_view s) {
  return from_names<HazardState>(kStates, s);
}

bool is_overdue(const HazardRecord& r, WallTime now) {
  if (r.state != HazardState::open && r.state != HazardState::rectifying) return false;
  const auto day = local_day_start(r.plan.deadline);
  return day && now >= *day + std::chrono::hours(24);
}

void HazardRegister::on_alarm_events(const std::vector<AlarmEvent>& events) {
  for (const AlarmEvent& e : events) {
    if (e.alarm_id.empty()) continue;
    if (!e.major_hazard && e.kind != AlarmEventKind::cleared) continue;
    auto open = db_.cached(
        "SELECT id, worst_value FROM hazards WHERE alarm_id = ?1 AND state <> 'closed' "
        "ORDER BY id DESC LIMIT 1");
    open->bind(1, e.alarm_id);
    if (open->step()) {
      const std::int64_t id = open->column_int64(0);
      const bool changed = open->column_is_null(1) || open->column_double(1) != e.peak;
      open->reset();
      // The alarm engine's peak is already the worst in the hazard's direction (high or low).
      if (changed && e.major_hazard) {
        db_.cached("UPDATE hazards SET worst_value = ?2, updated_ms = ?3 WHERE id = ?1")
            ->bind(1, id)
            .bind(2, e.peak)
            .bind(3, to_epoch_ms(e.time))
            .run();
      }
      continue;
    }
    open->reset();
    if (!is_major(e)) continue;
    Database::Transaction tx(db_, true);
    NewHazard h{HazardSource::monitoring,
                false,
                e.hazard_category,
                e.clause,
                e.message,
                e.point.id,
                "gateway",
                ""};
    const std::int64_t id = insert(h, &e, e.time);
    append_step(id, "opened", {h.by, h.peer}, e.message, e.time,
                json{{"alarm_id", e.alarm_id}, {"value", e.value}}.dump());
    tx.commit();
  }
}

std::int64_t HazardRegister::insert(const NewHazard& h, const AlarmEvent* alarm, WallTime now) {
  auto s = db_.cached(
      "INSERT INTO hazards (source, supervised, alarm_id, point, clause, category, description, "
      "first_value, worst_value, state, opened_ms, updated_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 'open', ?9, ?9)");
  s->bind(1, to_string(h.source))
      .bind(2, h.supervised ? 1 : 0)
      .bind(3, alarm ? alarm->alarm_id : std::string())
      .bind(4, h.point)
      .bind(5, h.clause)
      .bind(6, h.category)
      .bind(7, h.description);
  if (alarm)
    s->bind(8, alarm->value);
  else
    s->bind_null(8);
  s->bind(9, to_epoch_ms(now)).run();
  return db_.last_insert_rowid();
}

void HazardRegister::append_step(std::int64_t id, std::string_view action, const HazardSigner& s,
                                 std::string_view note, WallTime now,
                                 const std::string& extra_json) {
  std::int64_t seq = 1;
  std::string prev = genesis_hash();
  {
    auto last = db_.cached("SELECT seq, hash FROM hazard_steps ORDER BY seq DESC LIMIT 1");
    if (last->step()) {
      seq = last->column_int64(0) + 1;
      prev = last->column_text(1);
    }
  }
  json step = extra_json.empty() ? json::object() : json::parse(extra_json);
  step["hazard_id"] = id;
  step["action"] = action;
  step["by"] = s.by;
  step["peer"] = s.peer;
  step["note"] = note;
  step["time_ms"] = to_epoch_ms(now);
  const std::string text = step.dump();
  db_.cached(
         "INSERT INTO hazard_steps (seq, hazard_id, time_ms, action, step_json, prev_hash, hash) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      ->bind(1, seq)
      .bind(2, id)
      .bind(3, to_epoch_ms(now))
      .bind(4, action)
      .bind(5, text)
      .bind(6, prev)
      .bind(7, chain_hash(prev, seq, text))
      .run();
  if (sink_) sink_(require(id), {seq, id, now, std::string(action), text});
}

HazardRecord HazardRegister::require(std::int64_t id) {
  auto r = find(id);
  if (!r) throw HazardRefused("no hazard with id " + std::to_string(id));
  return *r;
}

HazardRecord HazardRegister::add(const NewHazard& h, WallTime now) {
  if (h.source == HazardSource::monitoring)
    throw HazardRefused("monitoring records are opened by the gateway's own alarms");
  required("category", h.category);
  required("description", h.description);
  required("by (who records it)", h.by);
  Database::Transaction tx(db_, true);
  const std::int64_t id = insert(h, nullptr, now);
  append_step(id, "opened", {h.by, h.peer}, h.description, now,
              json{{"source", to_string(h.source)},
                   {"supervised", h.supervised},
                   {"category", h.category},
                   {"clause", h.clause},
                   {"point", h.point}}
                  .dump());
  tx.commit();
  return require(id);
}

HazardRecord HazardRegister::plan(std::int64_t id, const HazardPlan& p, const HazardSigner& s,
                                  WallTime now) {
  required("by (who plans it)", s.by);
  required("responsible (责任人)", p.responsible);
  required("deadline (期限)", p.deadline);
  if (!is_calendar_date(p.deadline))
    throw HazardRefused("deadline (期限) must be a date YYYY-MM-DD, not \"" + p.deadline + "\"");
  Database::Transaction tx(db_, true);
  const HazardRecord r = require(id);
  if (r.state != HazardState::open && r.state != HazardState::rectifying)
    refuse_from(r, "planned (only open or rectifying ones)");
  db_.cached(
         "UPDATE hazards SET state = 'rectifying', responsible = ?2, measures = ?3, funds = ?4, "
         "deadline = ?5, contingency = ?6, updated_ms = ?7 WHERE id = ?1")
      ->bind(1, id)
      .bind(2, p.responsible)
      .bind(3, p.measures)
      .bind(4, p.funds)
      .bind(5, p.deadline)
      .bind(6, p.contingency)
      .bind(7, to_epoch_ms(now))
      .run();
  append_step(id, "planned", s, "", now,
              json{{"responsible", p.responsible},
                   {"measures", p.measures},
                   {"funds", p.funds},
                   {"deadline", p.deadline},
                   {"contingency", p.contingency}}
                  .dump());
  tx.commit();
  return require(id);
}

HazardRecord HazardRegister::signed_step(std::int64_t id, std::string_view action,
                                         const std::string& note, const HazardSigner& s,
                                         WallTime now, const Check& check, std::string_view sql) {
  required("by (who signs the step)", s.by);
  required("note", note);
  Database::Transaction tx(db_, true);
  check(require(id));
  // Every update binds ?1 id, ?2 the signer, ?3 the note, ?4 the time.
  db_.cached(sql)->bind(1, id).bind(2, s.by).bind(3, note).bind(4, to_epoch_ms(now)).run();
  append_step(id, action, s, note, now, "");
  tx.commit();
  return require(id);
}

HazardRecord HazardRegister::rectify(std::int64_t id, const std::string& note,
                                     const HazardSigner& s, WallTime now) {
  return signed_step(
      id, "rectified", note, s, now,
      [](const HazardRecord& r) {
        if (r.state != HazardState::open && r.state != HazardState::rectifying)
          refuse_from(r, "rectified (only open or rectifying ones)");
      },
      "UPDATE hazards SET state = 'rectified', rectified_by = ?2, rectified_note = ?3, "
      "rectified_ms = ?4, updated_ms = ?4 WHERE id = ?1");
}

HazardRecord HazardRegister::close(std::int64_t id, const std::string& note, const HazardSigner& s,
                                   WallTime now) {
  return signed_step(
      id, "closed", note, s, now,
      [&s](const HazardRecord& r) {
        if (r.state != HazardState::rectified) refuse_from(r, "closed (only rectified ones)");
        // 逐个验收销号, 谁检查、谁签名、谁负责: acceptance is someone else's signature.
        if (s.by == r.rectified_by)
          throw HazardRefused("hazard " + std::to_string(r.id) + " was rectified by " +
                              r.rectified_by + ": it must be accepted and closed by someone else");
      },
      "UPDATE hazards SET state = 'closed', closed_by = ?2, closed_note = ?3, closed_ms = ?4, "
      "updated_ms = ?4 WHERE id = ?1");
}

HazardRecord HazardRegister::reopen(std::int64_t id, const std::string& note, const HazardSigner& s,
                                    WallTime now) {
  // The earlier rectification and closing stay in the steps (the reason and signer too: ?2, ?3
  // are kept there only); the record is open again.
  return signed_step(
      id, "reopened", note, s, now,
      [](const HazardRecord& r) {
        if (r.state != HazardState::rectified && r.state != HazardState::closed)
          refuse_from(r, "reopened (only rectified or closed ones)");
      },
      "UPDATE hazards SET state = 'open', rectified_by = '', rectified_note = '', "
      "rectified_ms = NULL, closed_by = '', closed_note = '', closed_ms = NULL, "
      "updated_ms = ?4 WHERE id = ?1 AND ?2 IS NOT NULL AND ?3 IS NOT NULL");
}

HazardRecord HazardRegister::set_supervised(std::int64_t id, const HazardSigner& s, WallTime now) {
  required("by", s.by);
  Database::Transaction tx(db_, true);
  require(id);
  db_.cached("UPDATE hazards SET supervised = 1, updated_ms = ?2 WHERE id = ?1")
      ->bind(1, id)
      .bind(2, to_epoch_ms(now))
      .run();
  append_step(id, "supervised", s, "", now, "");
  tx.commit();
  return require(id);
}

std::optional<HazardRecord> HazardRegister::find(std::int64_t id) {
  auto s = db_.cached(std::string("SELECT ") + kColumns + " WHERE id = ?1");
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_record(*s);
}

std::vector<HazardRecord> HazardRegister::list(bool all) {
  auto s = db_.cached(std::string("SELECT ") + kColumns +
                      (all ? " ORDER BY id" : " WHERE state <> 'closed' ORDER BY id"));
  std::vector<HazardRecord> out;
  while (s->step()) out.push_back(read_record(*s));
  return out;
}

std::vector<HazardStep> HazardRegister::steps(std::int64_t id) {
  auto s = db_.cached(
      "SELECT seq, hazard_id, time_ms, action, step_json FROM hazard_steps WHERE hazard_id = ?1 "
      "ORDER BY seq");
  s->bind(1, id);
  std::vector<HazardStep> out;
  while (s->step())
    out.push_back({s->column_int64(0), s->column_int64(1), from_epoch_ms(s->column_int64(2)),
                   s->column_text(3), s->column_text(4)});
  return out;
}

HazardChainVerdict HazardRegister::verify() {
  HazardChainVerdict v;
  std::int64_t expected = 1;
  std::string prev = genesis_hash();
  Statement walk =
      db_.prepare("SELECT seq, step_json, prev_hash, hash FROM hazard_steps ORDER BY seq");
  while (walk.step()) {
    ++v.steps;
    if (!v.intact) continue;
    const std::int64_t seq = walk.column_int64(0);
    const std::string at = "step " + std::to_string(seq) + ": ";
    if (seq != expected)
      v.problem = "steps " + std::to_string(expected) + ".." + std::to_string(seq - 1) +
                  " missing (deleted)";
    else if (walk.column_text(2) != prev)
      v.problem = at + "does not follow the step before it";
    else if (walk.column_text(3) != chain_hash(prev, seq, walk.column_text(1)))
      v.problem = at + "hash mismatch (edited)";
    v.intact = v.problem.empty();
    expected = seq + 1;
    prev = walk.column_text(3);
  }
  return v;
}

}  // namespace sw::store
