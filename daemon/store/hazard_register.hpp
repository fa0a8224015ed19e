// SPDX-License-Identifier: Apache-2.0
#pragma once
// The 隐患台账 (shared/DOMAIN.md "隐患台账 and monthly reporting"; issue 14): every major hazard a
// record with a closed loop — open → rectifying (责任人, 措施, 资金, 期限, 应急预案) → rectified →
// closed (销号, by a named person other than the one who rectified it) — or open → rectified for an
// immediate fix; reopening with a reason. Records are never deleted. Every step is appended to
// `hazard_steps`, hash-chained as the alarm ledger is (chain_hash), so an edited step shows.
//
// A refused step (unknown id, a step not allowed from the record's state, missing 责任人 or 期限, a
// date not YYYY-MM-DD, closing by the rectifier) throws HazardRefused and changes nothing.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/alarm_event.hpp"
#include "core/calendar_date.hpp"
#include "store/database.hpp"

namespace sw::store {

enum class HazardSource {
  monitoring,       // opened by a major-hazard alarm of this gateway (企业自查: DOMAIN.md)
  self_inspection,  // an operator's inspection finding
  department,       // found by a supervising department (部门检查)
};
enum class HazardState { open, rectifying, rectified, closed };

std::string_view to_string(HazardSource s);
std::string_view to_string(HazardState s);
std::optional<HazardSource> hazard_source_from_string(std::string_view s);
std::optional<HazardState> hazard_state_from_string(std::string_view s);

class HazardRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The plan for what cannot be fixed at once (整改方案).
struct HazardPlan {
  std::string responsible;  // 责任人 (required)
  std::string measures;     // 措施
  std::string funds;        // 资金, as written ("2万元")
  std::string deadline;     // 期限, YYYY-MM-DD (required)
  std::string contingency;  // 应急预案
};

struct HazardRecord {
  std::int64_t id = 0;
  HazardSource source = HazardSource::monitoring;
  bool supervised = false;  // 挂牌督办
  std::string alarm_id;     // monitoring: the alarm that opened it
  std::string point;
  std::string clause;
  std::string category;
  std::string description;
  std::optional<double> first_value;
  std::optional<double> worst_value;
  HazardState state = HazardState::open;
  HazardPlan plan;
  std::string rectified_by, rectified_note;
  std::optional<WallTime> rectified_at;
  std::string closed_by, closed_note;
  std::optional<WallTime> closed_at;
  WallTime opened_at;
  WallTime updated_at;
};

// One step of a record's life, as appended to the chain.
struct HazardStep {
  std::int64_t seq = 0;
  std::int64_t hazard_id = 0;
  WallTime time;
  std::string action;     // opened, planned, rectified, closed, reopened, worsened
  std::string step_json;  // the hashed text: action, by, peer, note and the fields it set
};

// What opens a record by hand or by command.
struct NewHazard {
  HazardSource source = HazardSource::self_inspection;
  bool supervised = false;
  std::string category;
  std::string clause;
  std::string description;
  std::string point;
  std::string by;    // the named person who records it
  std::string peer;  // who the console's kernel says asked ("" from the platform)
};

// Who signs a step: the named person (compared for 销号) and the console peer beside it.
struct HazardSigner {
  std::string by;
  std::string peer;
};

struct HazardChainVerdict {
  bool intact = true;
  std::int64_t steps = 0;
  std::string problem;
};

class HazardRegister {
 public:
  explicit HazardRegister(Database& db) : db_(db) {}

  // Called with the record as it is after each step appended, inside the step's transaction: what
  // it writes (the step's message for the platform) commits or rolls back with the step.
  using StepSink = std::function<void(const HazardRecord&, const HazardStep&)>;
  void set_step_sink(StepSink sink) { sink_ = std::move(sink); }

  // Rules thread, inside the commit's transaction: a major-hazard alarm raised (or escalated into
  // one) opens a monitoring record; later events of that alarm update its worst value.
  void on_alarm_events(const std::vector<AlarmEvent>& events);

  // Each in a durable transaction of its own (or the caller's); returns the record after it.
  HazardRecord add(const NewHazard& h, WallTime now);
  HazardRecord plan(std::int64_t id, const HazardPlan& p, const HazardSigner& s, WallTime now);
  HazardRecord rectify(std::int64_t id, const std::string& note, const HazardSigner& s,
                       WallTime now);
  HazardRecord close(std::int64_t id, const std::string& note, const HazardSigner& s, WallTime now);
  HazardRecord reopen(std::int64_t id, const std::string& note, const HazardSigner& s,
                      WallTime now);
  HazardRecord set_supervised(std::int64_t id, const HazardSigner& s, WallTime now);

  std::optional<HazardRecord> find(std::int64_t id);
  // Not closed, oldest first; with `all`, every record.
  std::vector<HazardRecord> list(bool all);
  std::vector<HazardStep> steps(std::int64_t id);
  HazardChainVerdict verify();

 private:
  using Check = std::function<void(const HazardRecord&)>;
  HazardRecord signed_step(std::int64_t id, std::string_view action, const std::string& note,
                           const HazardSigner& s, WallTime now, const Check& check,
                           std::string_view sql);
  HazardRecord require(std::int64_t id);
  void append_step(std::int64_t id, std::string_view action, const HazardSigner& s,
                   std::string_view note, WallTime now, const std::string& extra_json);
  std::int64_t insert(const NewHazard& h, const AlarmEvent* alarm, WallTime now);

  Database& db_;
  StepSink sink_;
};

// Past its 期限 (the deadline's day is over, local time) and neither rectified nor closed.
bool is_overdue(const HazardRecord& record, WallTime now);

}  // namespace sw::store
