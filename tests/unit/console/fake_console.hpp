// SPDX-License-Identifier: Apache-2.0
#pragma once
// A console server on a socket in a temp dir, answering with canned results shaped as
// docs/console.md defines them, so the server, the client library, the views and the real
// sitewatchctl can be tested without a gateway behind them.
#include <sys/stat.h>

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "console/command_table.hpp"
#include "console/console_error.hpp"
#include "console/console_server.hpp"
#include "console/handler_args.hpp"
#include "support/temp_dir.hpp"

namespace sw::console::fixture {

using nlohmann::json;

// "Now" for golden views: 2025-11-29T02:00:00Z.
inline WallTime fixed_now() {
  return from_epoch_ms(1'764'381'600'000);
}

inline json canned_status() {
  return json::parse(R"({
    "gateway_id": "gw-face3", "enterprise": "91410300MA3X", "site_type": "coal_mine",
    "version": "0.1.0", "uptime_s": 93784,
    "mqtt": {"connected": false, "broker": "ssl://platform.example:8883",
             "since": "2025-11-29T01:50:00.000Z", "last_error": "connection refused",
             "reconnects": 3},
    "outbox": {"depth": 14, "by_lane": {"alarm": 2, "event": 1, "status": 1, "telemetry": 10},
               "dropped_telemetry": 0, "oldest": "2025-11-29T01:50:02.000Z"},
    "devices": {"online": 2, "total": 3},
    "alarms": {"active_by_level": {"alarm": 1, "power_cut": 1}, "unacknowledged": 1,
               "major_hazards": 1},
    "storage": {"ok": true, "problem": ""}
  })");
}

inline json canned_devices() {
  return json::parse(R"([
    {"bus": "face-3", "device": "unit 7", "online": true,
     "last_success": "2025-11-29T01:59:58.000Z", "requests": 1234, "errors": {"timeout": 3},
     "latency_ms": {"last": 12.5, "avg": 15.3}, "last_error": ""},
    {"bus": "face-3", "device": "unit 8", "online": false,
     "last_success": "2025-11-29T01:40:00.000Z", "requests": 1200,
     "errors": {"crc": 2, "timeout": 40}, "latency_ms": {"last": 0, "avg": 14},
     "last_error": "timeout after 500ms"},
    {"bus": "cam", "device": "回风巷摄像头", "online": true,
     "last_success": "2025-11-29T01:59:59.000Z", "requests": 60, "errors": {},
     "latency_ms": {"last": 80, "avg": 75.5}, "last_error": ""}
  ])");
}

inline json canned_points() {
  return json::parse(R"([
    {"id": "face3.ch4", "name": "回风隅角甲烷", "location": "3号工作面回风隅角", "value": 1.62,
     "unit": "%CH4", "quality": "good", "age_s": 1, "reason": "",
     "active_level": "power_cut", "active_rule": "limit"},
    {"id": "face3.co", "name": "CO", "location": "3号工作面", "value": 0, "unit": "ppm",
     "quality": "comm_loss", "age_s": 45, "reason": "timeout after 500ms",
     "active_level": null, "active_rule": null},
    {"id": "face3.feed", "name": "馈电", "location": "3号工作面", "value": 1, "unit": "",
     "quality": "good", "age_s": 1, "reason": "", "active_level": null, "active_rule": null},
    {"id": "main.wind", "name": "总回风风速", "location": "总回风巷", "value": 2.35,
     "unit": "m/s", "quality": "good", "age_s": 3, "reason": "",
     "active_level": null, "active_rule": null}
  ])");
}

inline json canned_alarms() {
  return json::parse(R"([
    {"alarm_id": "01JDQ6X4ZK8Y2M7N3P5R9T1V0W", "state": "unacknowledged", "level": "power_cut",
     "rule": "limit", "point": "face3.ch4", "location": "3号工作面回风隅角", "value": 1.62,
     "peak": 1.71, "threshold": 1.5, "unit": "%CH4", "major_hazard": true,
     "hazard_category": "瓦斯超限作业", "clause": "煤矿安全规程 第498条",
     "message": "methane 1.62 %CH4 at the power-cut level with the feed still on",
     "raised_at": "2025-11-29T01:58:10.000Z", "acked_by": null, "shelved_until": null},
    {"alarm_id": "01JDQ5M2AB3C4D5E6F7G8H9J0K", "state": "acknowledged", "level": "fault",
     "rule": "sensor_fault", "point": "face3.co", "location": "3号工作面", "value": 0,
     "peak": 0, "threshold": null, "unit": "ppm", "major_hazard": false,
     "hazard_category": "", "clause": "", "message": "CO sensor not answering",
     "raised_at": "2025-11-29T01:59:15.000Z", "acked_by": "alice", "shelved_until": null},
    {"alarm_id": "01JDQ3AAAAAAAAAAAAAAAAAAAA", "state": "shelved", "level": "alarm",
     "rule": "limit", "point": "main.wind", "location": "总回风巷", "value": 8.4, "peak": 8.9,
     "threshold": 8, "unit": "m/s", "major_hazard": false, "hazard_category": "",
     "clause": "煤矿安全规程 第136条", "message": "wind speed above 8 m/s",
     "raised_at": "2025-11-29T01:30:00.000Z", "acked_by": "bob",
     "shelved_until": "2025-11-29T02:30:00.000Z"}
  ])");
}

inline json canned_history() {
  return json::parse(R"([
    {"time": "2025-11-29T01:57:00.000Z", "value": 0.84, "quality": "good"},
    {"time": "2025-11-29T01:58:00.000Z", "value": 1.62, "quality": "good"},
    {"time": "2025-11-29T01:59:00.000Z", "value": null, "quality": "comm_loss"}
  ])");
}

inline json canned_outbox() {
  return json::parse(R"({
    "depth": 14, "by_lane": {"alarm": 2, "event": 1, "status": 1, "telemetry": 10},
    "dropped_telemetry": 5, "oldest": "2025-11-29T01:50:02.000Z",
    "next": [
      {"lane": "alarm", "seq": 1041, "id": "01JDQ6X4ZM000000000000000A", "point": "face3.ch4",
       "created": "2025-11-29T01:58:10.000Z"},
      {"lane": "alarm", "seq": 1042, "id": "01JDQ6X4ZM000000000000000B", "point": "face3.co",
       "created": "2025-11-29T01:59:15.000Z"}
    ]
  })");
}

// Every command of docs/console.md, plus a few that only tests need.
inline CommandTable fake_commands() {
  CommandTable table;
  table.add("status", "gateway health", [](const json&) { return canned_status(); });
  table.add("devices", "polled devices", [](const json&) { return canned_devices(); });
  table.add("points", "live points", [](const json&) { return canned_points(); });
  table.add("alarms", "alarms not back to normal", [](const json&) { return canned_alarms(); });
  const auto known = [](const std::string& id) {
    for (const auto& alarm : canned_alarms())
      if (alarm["alarm_id"] == id) return;
    throw ConsoleError(ErrorCode::refused, "no alarm '" + id + "'");
  };
  table.add("ack", "acknowledge", [known](const json& args) {
    const auto id = string_arg(args, "alarm_id");
    known(id);
    return json{{"alarm_id", id}, {"state", "acknowledged"}, {"by", string_arg(args, "by")}};
  });
  table.add("shelve", "shelve", [known](const json& args) {
    const auto id = string_arg(args, "alarm_id");
    known(id);
    const auto duration = duration_arg(args, "duration");
    return json{{"alarm_id", id},
                {"state", "shelved"},
                {"shelved_until", format_iso8601(fixed_now() + duration)}};
  });
  table.add("unshelve", "unshelve", [known](const json& args) {
    const auto id = string_arg(args, "alarm_id");
    known(id);
    return json{{"alarm_id", id}, {"state", "unacknowledged"}};
  });
  table.add("history", "history", [](const json& args) {
    (void)string_arg(args, "point");
    if (!optional_time_arg(args, "since")) throw ConsoleError(ErrorCode::bad_request, "no since");
    return canned_history();
  });
  table.add("outbox", "outbox", [](const json&) { return canned_outbox(); });
  table.add("verify-ledger", "ledger", [](const json&) {
    return json{{"intact", true}, {"records", 1234}, {"first_bad_seq", nullptr}, {"problem", ""}};
  });
  table.add("reload", "reload", [](const json&) {
    return json{{"ok", false}, {"message", "sitewatch.toml line 12: unknown key 'treshold'"}};
  });
  // Test-only commands.
  table.add("echo", "answers with its arguments", [](const json& args) { return args; });
  table.add("whoami", "the caller as the kernel says", [](const json&, const Peer& peer) {
    return json{{"uid", peer.uid}, {"pid", peer.pid}};
  });
  table.add("boom", "fails unexpectedly",
            [](const json&) -> json { throw std::runtime_error("disk on fire"); });
  table.add("big", "a large answer", [](const json&) { return std::string(64 * 1024, 'x'); });
  return table;
}

// A limits set for tests: short timeouts, so a drop happens in a fraction of a second.
inline ServerLimits quick_limits() {
  ServerLimits limits;
  limits.line_timeout = Millis{300};
  limits.send_timeout = Millis{300};
  limits.idle_timeout = Millis{60'000};
  return limits;
}

struct FakeConsole {
  explicit FakeConsole(ServerLimits limits = quick_limits(), std::string group = "")
      : path(dir.file("console.sock")),
        server({path, std::move(group), 0660, limits}, fake_commands()) {
    server.start();
  }
  sw::test::TempDir dir;
  std::string path;
  ConsoleServer server;
};

}  // namespace sw::console::fixture
