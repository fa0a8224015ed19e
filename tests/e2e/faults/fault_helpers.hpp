// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the fault tests share: the demo site made quick (short poll periods, fast reconnects), the
// daemon's alarm ledger read from its SQLite file (read-only, with the sqlite3 shell), the alarm
// messages a platform received, and the checks that compare the two.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"
#include "support/wait_until.hpp"

namespace sw::test::faults {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The demo site (config/demo.toml), quicker: methane and feed read every 250 ms, a heartbeat every
// second, MQTT reconnects within half a second, a lost connection noticed within a few seconds.
inline std::map<std::string, std::string> quick_demo_lines() {
  return {
      {"heartbeat = \"10s\"",
       "heartbeat = \"1s\"\nreconnect_min = \"100ms\"\nreconnect_max = \"500ms\"\nkeepalive = "
       "\"2s\""},
      {"unit = 1\n  period = \"1s\"", "unit = 1\n  period = \"250ms\""},
      {"unit = 4\n  period = \"1s\"", "unit = 4\n  period = \"250ms\""},
  };
}

inline SiteOptions late_leak_site(double speed = 4) {
  SiteOptions o;
  o.scenario = "tools/sitewatch-sim/scenarios/late_leak.toml";
  o.speed = speed;
  o.replace = quick_demo_lines();
  return o;
}

// Runs a shell command; returns its standard output and sets `status` to its exit status.
inline std::string run_command(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (status != nullptr) *status = -1;
    return out;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int rc = ::pclose(pipe);
  if (status != nullptr) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

// Replaces the one occurrence of `from` in the site's config file (before the daemon starts).
inline void edit_config(SiteUnderTest& site, const std::string& from, const std::string& to) {
  std::string cfg = read_text(site.config_path());
  const auto at = cfg.find(from);
  if (at == std::string::npos) throw std::runtime_error("config has no text: " + from);
  cfg.replace(at, from.size(), to);
  write_text(site.config_path(), cfg);
}

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// One record of the daemon's alarm ledger.
struct LedgerRecord {
  std::int64_t seq = 0;
  std::string alarm_id;
  std::string event_id;
  std::string kind;  // raised, escalated, cleared, ...
  std::string point;
  std::string rule;
  std::string level;
  std::int64_t time_ms = 0;  // when it was observed
};

// The ledger as the SQLite file holds it, oldest first, read through a read-only connection of
// the sqlite3 shell (the daemon may be running, or killed a moment ago). Throws when the shell
// fails, so that an unreadable ledger never passes for an empty one.
inline std::vector<LedgerRecord> read_ledger(const std::string& db_path) {
  int status = 0;
  const std::string out = run_command(
      "sqlite3 -readonly -json " + shell_quote(db_path) +
          " 'SELECT seq, alarm_id, event_id, kind, time_ms, event_json FROM alarm_ledger ORDER BY "
          "seq' 2>&1",
      &status);
  if (status != 0) throw std::runtime_error("sqlite3 on " + db_path + " failed: " + out);
  std::vector<LedgerRecord> records;
  if (out.find_first_not_of(" \n") == std::string::npos) return records;  // no rows
  const json rows = json::parse(out, nullptr, false);
  if (!rows.is_array()) throw std::runtime_error("sqlite3 answered no JSON: " + out);
  for (const auto& row : rows) {
    LedgerRecord r;
    r.seq = row.at("seq").get<std::int64_t>();
    r.alarm_id = row.at("alarm_id").get<std::string>();
    r.event_id = row.at("event_id").get<std::string>();
    r.kind = row.at("kind").get<std::string>();
    r.time_ms = row.at("time_ms").get<std::int64_t>();
    const json event = json::parse(row.at("event_json").get<std::string>(), nullptr, false);
    if (event.is_object()) {
      r.point = event.value("point", json::object()).value("id", "");
      r.rule = event.value("rule", "");
      r.level = event.value("level", "");
    }
    records.push_back(std::move(r));
  }
  return records;
}

inline bool ledger_has(const std::vector<LedgerRecord>& ledger, const std::string& kind,
                       const std::string& rule, const std::string& level = "") {
  return std::any_of(ledger.begin(), ledger.end(), [&](const LedgerRecord& r) {
    return r.kind == kind && r.rule == rule && (level.empty() || r.level == level);
  });
}

// An alarm message as the platform received it.
struct AlarmMessage {
  std::string id;  // the envelope's message id
  std::int64_t seq = 0;
  bool resent = false;
  std::string alarm_id;
  std::string event_id;
  std::string event;
  std::string point;
  std::string rule;
  std::string time;  // the envelope's: when it was observed
  Clock::time_point received;
};

// Every alarm message received, in arrival order; with `first_only`, a message id seen before (a
// duplicate after a lost PUBACK) is left out.
inline std::vector<AlarmMessage> alarm_messages(const MqttCapture& capture,
                                                bool first_only = false) {
  std::set<std::string> seen;
  std::vector<AlarmMessage> out;
  for (const auto& m : capture.messages()) {
    if (m.topic.size() < 6 || m.topic.compare(m.topic.size() - 6, 6, "/alarm") != 0) continue;
    const json j = m.json();
    if (!j.is_object() || !j.contains("data")) continue;
    const json& d = j["data"];
    AlarmMessage a;
    a.id = j.value("id", "");
    a.seq = j.value("seq", std::int64_t{0});
    a.resent = j.value("resent", false);
    a.alarm_id = d.value("alarm_id", "");
    a.event_id = d.value("event_id", "");
    a.event = d.value("event", "");
    a.point = d.value("point", "");
    a.rule = d.value("rule", "");
    a.time = j.value("time", "");
    a.received = m.received;
    if (first_only && !seen.insert(a.id).second) continue;
    out.push_back(std::move(a));
  }
  return out;
}

// Ledger events (by event id) that no alarm message carried.
inline std::vector<std::string> undelivered(const std::vector<LedgerRecord>& ledger,
                                            const std::vector<AlarmMessage>& received) {
  std::set<std::string> got;
  for (const auto& m : received) got.insert(m.event_id);
  std::vector<std::string> missing;
  for (const auto& r : ledger)
    if (!got.count(r.event_id))
      missing.push_back("ledger seq " + std::to_string(r.seq) + " " + r.kind + " " + r.point + "/" +
                        r.rule + " " + r.event_id);
  return missing;
}

// Waits until every ledger event reached the platform; returns the ledger it compared against.
inline std::vector<LedgerRecord> await_delivery(const std::string& db_path,
                                                const MqttCapture& platform,
                                                std::chrono::milliseconds timeout) {
  std::vector<LedgerRecord> ledger;
  wait_until(
      [&] {
        ledger = read_ledger(db_path);
        return undelivered(ledger, alarm_messages(platform)).empty();
      },
      timeout, 50ms);
  return ledger;
}

// A second "raised" for an alarm that never cleared in between, or a second alarm id raised for
// the same source (point and rule) while the first is still active: an alarm annunciated twice.
// Returns what is wrong, or nothing.
inline std::vector<std::string> double_raises(const std::vector<LedgerRecord>& ledger) {
  std::vector<std::string> problems;
  std::map<std::string, bool> active;                   // alarm id → condition active
  std::map<std::string, std::string> active_by_source;  // point/rule → alarm id
  for (const auto& r : ledger) {
    const std::string source = r.point + "/" + r.rule;
    if (r.kind == "raised") {
      if (active[r.alarm_id])
        problems.push_back("seq " + std::to_string(r.seq) + ": " + source + " alarm " + r.alarm_id +
                           " raised again while active");
      const auto it = active_by_source.find(source);
      if (it != active_by_source.end() && it->second != r.alarm_id && active[it->second])
        problems.push_back("seq " + std::to_string(r.seq) + ": " + source + " raised as " +
                           r.alarm_id + " while " + it->second + " is still active");
      active[r.alarm_id] = true;
      active_by_source[source] = r.alarm_id;
    } else if (r.kind == "cleared") {
      active[r.alarm_id] = false;
    }
  }
  return problems;
}

// Runs sitewatchctl --json with the site's socket; the answer, or a discarded json on failure.
inline json ctl_json(SiteUnderTest& site, const std::string& args) {
  const auto [rc, out] = site.ctl("--json " + args);
  if (rc != 0) return json(json::value_t::discarded);
  return json::parse(out, nullptr, false);
}

inline bool is_status(const CapturedMessage& m) {
  return m.topic.size() > 7 && m.topic.compare(m.topic.size() - 7, 7, "/status") == 0;
}

inline double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

inline std::int64_t epoch_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The retained status message saying the gateway is online (its birth, after every connect).
inline bool online_status(const CapturedMessage& m) {
  if (!is_status(m)) return false;
  const json j = m.json();
  return j.is_object() && j["data"].value("state", "") == "online";
}

// A limit alarm raised (the leak crossing its alarm level).
inline bool limit_raised(const CapturedMessage& m) {
  const json j = m.json();
  return m.topic.find("/alarm") != std::string::npos && j.is_object() &&
         j["data"].value("event", "") == "raised" && j["data"].value("rule", "") == "limit";
}

// A gateway event (docs/messages.md, kind "event" on …/event) named `name`.
inline bool is_gateway_event(const CapturedMessage& m, const std::string& name) {
  if (!m.topic.ends_with("/event")) return false;
  const json j = m.json();
  return j.is_object() && j.value("kind", "") == "event" && j["data"].value("event", "") == name;
}

}  // namespace sw::test::faults
