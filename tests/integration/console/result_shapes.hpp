// SPDX-License-Identifier: Apache-2.0
#pragma once
// The result shapes of docs/console.md, as checks: what `sitewatchctl --json` prints for each
// command must have every documented field with its documented type. Extra fields are allowed
// (compatible additions keep the protocol at v1).
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

namespace sw::test {

// "2025-11-29T01:55:43.123Z": RFC 3339, UTC, milliseconds.
inline bool is_protocol_time(const nlohmann::json& value) {
  static const std::regex form(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  return value.is_string() && std::regex_match(value.get<std::string>(), form);
}

namespace shape {

inline void field(const nlohmann::json& object, const char* key, nlohmann::json::value_t type) {
  INFO("field \"" << key << "\" of " << object.dump());
  REQUIRE(object.contains(key));
  const auto& value = object[key];
  if (type == nlohmann::json::value_t::number_integer)
    CHECK(value.is_number_integer());
  else if (type == nlohmann::json::value_t::number_float)
    CHECK(value.is_number());
  else
    CHECK(value.type() == type);
}
inline void text(const nlohmann::json& o, const char* key) {
  field(o, key, nlohmann::json::value_t::string);
}
inline void count(const nlohmann::json& o, const char* key) {
  field(o, key, nlohmann::json::value_t::number_integer);
}
inline void number(const nlohmann::json& o, const char* key) {
  field(o, key, nlohmann::json::value_t::number_float);
}
inline void flag(const nlohmann::json& o, const char* key) {
  field(o, key, nlohmann::json::value_t::boolean);
}
inline void object(const nlohmann::json& o, const char* key) {
  field(o, key, nlohmann::json::value_t::object);
}
inline void time_or_null(const nlohmann::json& o, const char* key) {
  INFO("time field \"" << key << "\" of " << o.dump());
  REQUIRE(o.contains(key));
  CHECK((o[key].is_null() || is_protocol_time(o[key])));
}
inline void time(const nlohmann::json& o, const char* key) {
  INFO("time field \"" << key << "\" of " << o.dump());
  REQUIRE(o.contains(key));
  CHECK(is_protocol_time(o[key]));
}
inline void text_or_null(const nlohmann::json& o, const char* key) {
  INFO("field \"" << key << "\" of " << o.dump());
  REQUIRE(o.contains(key));
  CHECK((o[key].is_null() || o[key].is_string()));
}
inline void number_or_null(const nlohmann::json& o, const char* key) {
  INFO("field \"" << key << "\" of " << o.dump());
  REQUIRE(o.contains(key));
  CHECK((o[key].is_null() || o[key].is_number()));
}

inline void lanes(const nlohmann::json& by_lane) {
  for (const char* lane : {"alarm", "event", "status", "telemetry"}) count(by_lane, lane);
}

}  // namespace shape

inline void check_outbox_shape(const nlohmann::json& outbox) {
  shape::count(outbox, "depth");
  shape::count(outbox, "bytes");
  shape::object(outbox, "by_lane");
  shape::lanes(outbox["by_lane"]);
  shape::count(outbox, "dropped_telemetry");
  shape::count(outbox, "dead_letters");
  shape::time_or_null(outbox, "oldest");
  std::int64_t sum = 0;
  for (const auto& [lane, n] : outbox["by_lane"].items()) sum += n.get<std::int64_t>();
  CHECK(sum == outbox["depth"].get<std::int64_t>());
}

inline void check_status_shape(const nlohmann::json& status) {
  REQUIRE(status.is_object());
  for (const char* key : {"gateway_id", "enterprise", "site_type", "version"})
    shape::text(status, key);
  shape::count(status, "uptime_s");
  shape::object(status, "mqtt");
  const auto& mqtt = status["mqtt"];
  shape::flag(mqtt, "connected");
  shape::text(mqtt, "broker");
  shape::time_or_null(mqtt, "since");
  shape::text(mqtt, "last_error");
  shape::count(mqtt, "reconnects");
  shape::object(status, "outbox");
  check_outbox_shape(status["outbox"]);
  shape::object(status, "devices");
  shape::count(status["devices"], "online");
  shape::count(status["devices"], "total");
  shape::object(status, "alarms");
  const auto& alarms = status["alarms"];
  shape::object(alarms, "active_by_level");
  for (const auto& [level, n] : alarms["active_by_level"].items()) {
    INFO("active_by_level." << level);
    CHECK(n.is_number_integer());
  }
  shape::count(alarms, "unacknowledged");
  shape::count(alarms, "major_hazards");
  shape::object(status, "storage");
  shape::flag(status["storage"], "ok");
  shape::text(status["storage"], "problem");
  shape::object(status, "hazards");
  shape::count(status["hazards"], "open");
  shape::count(status["hazards"], "overdue");
}

inline void check_device_shape(const nlohmann::json& device) {
  shape::text(device, "bus");
  shape::text(device, "device");
  shape::flag(device, "online");
  shape::time_or_null(device, "last_success");
  shape::count(device, "requests");
  shape::object(device, "errors");
  for (const auto& [kind, n] : device["errors"].items()) {
    INFO("errors." << kind);
    CHECK(n.is_number_integer());
  }
  shape::object(device, "latency_ms");
  shape::number_or_null(device["latency_ms"], "last");
  shape::number_or_null(device["latency_ms"], "avg");
  shape::text(device, "last_error");
}

inline void check_point_shape(const nlohmann::json& point) {
  for (const char* key : {"id", "name", "location", "unit", "quality", "reason"})
    shape::text(point, key);
  shape::number_or_null(point, "value");
  shape::text_or_null(point, "text");
  shape::number_or_null(point, "age_s");
  shape::text_or_null(point, "active_level");
  shape::text_or_null(point, "active_rule");
  // "null when none": an empty level would read as an alarm with no name.
  if (point.contains("active_level") && point["active_level"].is_string())
    CHECK_FALSE(point["active_level"].get<std::string>().empty());
}

inline void check_alarm_shape(const nlohmann::json& alarm) {
  for (const char* key : {"alarm_id", "state", "level", "rule", "point", "location", "unit",
                          "hazard_category", "clause", "message"})
    shape::text(alarm, key);
  shape::number(alarm, "value");
  shape::number(alarm, "peak");
  shape::number_or_null(alarm, "threshold");
  shape::flag(alarm, "major_hazard");
  shape::time(alarm, "raised_at");
  shape::text_or_null(alarm, "acked_by");
  shape::time_or_null(alarm, "shelved_until");
  shape::flag(alarm, "chattering");
}

inline void check_history_sample_shape(const nlohmann::json& sample) {
  shape::time(sample, "time");
  shape::number_or_null(sample, "value");
  shape::text(sample, "quality");
}

inline void check_ledger_shape(const nlohmann::json& verdict) {
  shape::flag(verdict, "intact");
  shape::count(verdict, "records");
  INFO("first_bad_seq of " << verdict.dump());
  REQUIRE(verdict.contains("first_bad_seq"));
  CHECK((verdict["first_bad_seq"].is_null() || verdict["first_bad_seq"].is_number_integer()));
  shape::text(verdict, "problem");
}

}  // namespace sw::test
