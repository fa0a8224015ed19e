// SPDX-License-Identifier: Apache-2.0
#include "alarms/alarm_record_json.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace sw::alarms {
namespace {

using nlohmann::json;

constexpr int kVersion = 1;

// JSON has no NaN: a value a composite rule left undefined is written as null and read back as NaN.
json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json time_or_null(const std::optional<WallTime>& t) {
  return t ? json(to_epoch_ms(*t)) : json(nullptr);
}

[[noreturn]] void bad_key(const std::string& key, const char* expected) {
  throw std::invalid_argument("alarm record: key '" + key + "' is missing or not " + expected);
}

const json& at(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) bad_key(key, "present");
  return *it;
}
std::string get_string(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (!v.is_string()) bad_key(key, "a string");
  return v.get<std::string>();
}
bool get_bool(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (!v.is_boolean()) bad_key(key, "a boolean");
  return v.get<bool>();
}
int get_int(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (!v.is_number_integer()) bad_key(key, "an integer");
  return v.get<int>();
}
double get_double(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!v.is_number()) bad_key(key, "a number");
  return v.get<double>();
}
std::optional<double> get_optional_double(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number()) bad_key(key, "a number or null");
  return v.get<double>();
}
WallTime get_time(const json& j, const std::string& key) {
  const json& v = at(j, key);
  if (!v.is_number_integer()) bad_key(key, "epoch milliseconds");
  return from_epoch_ms(v.get<std::int64_t>());
}
std::optional<WallTime> get_optional_time(const json& j, const std::string& key) {
  if (at(j, key).is_null()) return std::nullopt;
  return get_time(j, key);
}

}  // namespace

std::string to_json_text(const AlarmRecord& r) {
  json raises = json::array();
  for (const auto& t : r.recent_raises) raises.push_back(to_epoch_ms(t));
  const json j = {
      {"version", kVersion},
      {"alarm_id", r.alarm_id},
      {"source", r.source},
      {"rule", r.rule},
      {"point", r.point},
      {"state", std::string(to_string(r.state))},
      {"condition_active", r.condition_active},
      {"level", r.level},
      {"rank", r.rank},
      {"priority", r.priority},
      {"value", number_or_null(r.value)},
      {"peak", number_or_null(r.peak)},
      {"low", r.low},
      {"threshold", r.threshold ? number_or_null(*r.threshold) : json(nullptr)},
      {"major_hazard", r.major_hazard},
      {"hazard_category", r.hazard_category},
      {"clause", r.clause},
      {"message", r.message},
      {"raised_at", to_epoch_ms(r.raised_at)},
      {"last_change", to_epoch_ms(r.last_change)},
      {"shelved_until", time_or_null(r.shelved_until)},
      {"hidden_by", r.hidden_by},
      {"hidden_at", time_or_null(r.hidden_at)},
      {"hidden_rank", r.hidden_rank},
      {"acked_by", r.acked_by},
      {"acked_at", time_or_null(r.acked_at)},
      {"recent_raises", std::move(raises)},
      {"chattering", r.chattering},
  };
  // Text from devices and configs may hold invalid UTF-8: replace it rather than lose the record.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

AlarmRecord record_from_json_text(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("alarm record: not JSON: ") + e.what());
  }
  if (!j.is_object()) throw std::invalid_argument("alarm record: not a JSON object");
  if (get_int(j, "version") > kVersion)
    throw std::invalid_argument("alarm record: version " + std::to_string(get_int(j, "version")) +
                                " is newer than this build reads (" + std::to_string(kVersion) +
                                ")");
  AlarmRecord r;
  r.alarm_id = get_string(j, "alarm_id");
  r.source = get_string(j, "source");
  r.rule = get_string(j, "rule");
  r.point = get_string(j, "point");
  const auto state = alarm_state_from_string(get_string(j, "state"));
  if (!state) bad_key("state", "an alarm state");
  r.state = *state;
  r.condition_active = get_bool(j, "condition_active");
  r.level = get_string(j, "level");
  r.rank = get_int(j, "rank");
  r.priority = get_int(j, "priority");
  r.value = get_double(j, "value");
  r.peak = get_double(j, "peak");
  r.low = get_bool(j, "low");
  r.threshold = get_optional_double(j, "threshold");
  r.major_hazard = get_bool(j, "major_hazard");
  r.hazard_category = get_string(j, "hazard_category");
  r.clause = get_string(j, "clause");
  r.message = get_string(j, "message");
  r.raised_at = get_time(j, "raised_at");
  r.last_change = get_time(j, "last_change");
  r.shelved_until = get_optional_time(j, "shelved_until");
  r.hidden_by = get_string(j, "hidden_by");
  r.hidden_at = get_optional_time(j, "hidden_at");
  r.hidden_rank = get_int(j, "hidden_rank");
  r.acked_by = get_string(j, "acked_by");
  r.acked_at = get_optional_time(j, "acked_at");
  const json& raises = at(j, "recent_raises");
  if (!raises.is_array()) bad_key("recent_raises", "an array");
  for (const auto& t : raises) {
    if (!t.is_number_integer()) bad_key("recent_raises", "an array of epoch milliseconds");
    r.recent_raises.push_back(from_epoch_ms(t.get<std::int64_t>()));
  }
  r.chattering = get_bool(j, "chattering");
  return r;
}

}  // namespace sw::alarms
