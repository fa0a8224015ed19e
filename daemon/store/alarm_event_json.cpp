// SPDX-License-Identifier: Apache-2.0
#include "store/alarm_event_json.hpp"

#include <cmath>
#include <stdexcept>

namespace sw::store {

namespace {
using nlohmann::json;

// NaN and infinities have no JSON form: they travel as null and come back as NaN.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

[[noreturn]] void bad(const std::string& key, const std::string& problem) {
  throw std::invalid_argument("alarm event JSON: '" + key + "': " + problem);
}

const json& required(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) bad(key, "missing");
  return *it;
}

std::string text(const json& j, const std::string& key, bool is_required = false) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (is_required) bad(key, "missing");
    return {};
  }
  if (!it->is_string()) bad(key, "must be a string");
  return it->get<std::string>();
}

double real(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_null()) return std::nan("");
  if (!it->is_number()) bad(key, "must be a number");
  return it->get<double>();
}

std::int64_t integer(const json& j, const std::string& key, bool is_required = false) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (is_required) bad(key, "missing");
    return 0;
  }
  if (!it->is_number_integer()) bad(key, "must be an integer");
  return it->get<std::int64_t>();
}

bool boolean(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) return false;
  if (!it->is_boolean()) bad(key, "must be true or false");
  return it->get<bool>();
}

json to_json(const PointInfo& p) {
  return {{"id", p.id},
          {"bus", p.bus},
          {"device", p.device},
          {"name", p.name},
          {"quantity", p.quantity},
          {"unit", p.unit},
          {"location", p.location},
          {"is_switch", p.is_switch},
          {"poll_period_ms", p.poll_period.count()}};
}

PointInfo point_from_json(const json& j) {
  if (!j.is_object()) bad("point", "must be an object");
  PointInfo p;
  p.id = text(j, "id", true);
  p.bus = text(j, "bus");
  p.device = text(j, "device");
  p.name = text(j, "name");
  p.quantity = text(j, "quantity");
  p.unit = text(j, "unit");
  p.location = text(j, "location");
  p.is_switch = boolean(j, "is_switch");
  p.poll_period = Millis{integer(j, "poll_period_ms")};
  return p;
}
}  // namespace

json to_json(const AlarmEvent& e) {
  json j{{"alarm_id", e.alarm_id},
         {"event_id", e.event_id},
         {"kind", std::string(to_string(e.kind))},
         {"state", std::string(to_string(e.state))},
         {"rule", e.rule},
         {"point", to_json(e.point)},
         {"level", e.level},
         {"priority", e.priority},
         {"value", number(e.value)},
         {"threshold", e.threshold ? number(*e.threshold) : json(nullptr)},
         {"peak", number(e.peak)},
         {"major_hazard", e.major_hazard},
         {"hazard_category", e.hazard_category},
         {"clause", e.clause},
         {"message", e.message},
         {"by", e.by},
         {"time_ms", to_epoch_ms(e.time)},
         {"raised_at_ms", to_epoch_ms(e.raised_at)}};
  // Only when set, so the hashed text of every other record stays what it was.
  if (e.shelved) j["shelved"] = true;
  // Written to the ledger, not sent: its source chatters (issue 18).
  if (e.held_back) j["held_back"] = true;
  if (e.chatter)
    j["chatter"] = {{"held", e.chatter->held},
                    {"raised", e.chatter->raised},
                    {"cleared", e.chatter->cleared},
                    {"since_ms", to_epoch_ms(e.chatter->since)},
                    {"settled", e.chatter->settled}};
  return j;
}

AlarmEvent alarm_event_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("alarm event JSON: not an object");
  AlarmEvent e;
  e.alarm_id = text(j, "alarm_id", true);
  e.event_id = text(j, "event_id", true);
  const std::string kind = text(j, "kind", true);
  const auto parsed_kind = alarm_event_kind_from_string(kind);
  if (!parsed_kind) bad("kind", "unknown kind '" + kind + "'");
  e.kind = *parsed_kind;
  const std::string state = text(j, "state", true);
  const auto parsed_state = alarm_state_from_string(state);
  if (!parsed_state) bad("state", "unknown state '" + state + "'");
  e.state = *parsed_state;
  e.rule = text(j, "rule");
  e.point = point_from_json(required(j, "point"));
  e.level = text(j, "level");
  e.priority = static_cast<int>(integer(j, "priority"));
  e.value = real(j, "value");
  if (auto it = j.find("threshold"); it != j.end() && !it->is_null())
    e.threshold = real(j, "threshold");
  e.peak = real(j, "peak");
  e.major_hazard = boolean(j, "major_hazard");
  e.hazard_category = text(j, "hazard_category");
  e.clause = text(j, "clause");
  e.message = text(j, "message");
  e.by = text(j, "by");
  e.time = from_epoch_ms(integer(j, "time_ms", true));
  e.raised_at = from_epoch_ms(integer(j, "raised_at_ms"));
  e.shelved = j.value("shelved", false);
  e.held_back = j.value("held_back", false);
  if (auto it = j.find("chatter"); it != j.end() && it->is_object()) {
    const json& c = *it;
    ChatterCount n;
    n.held = static_cast<int>(integer(c, "held"));
    n.raised = static_cast<int>(integer(c, "raised"));
    n.cleared = static_cast<int>(integer(c, "cleared"));
    n.since = from_epoch_ms(integer(c, "since_ms"));
    n.settled = boolean(c, "settled");
    e.chatter = n;
  }
  return e;
}

std::string canonical_json(const AlarmEvent& event) {
  // nlohmann::json keeps object keys sorted, so dump() without indent is already canonical.
  return to_json(event).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace sw::store
