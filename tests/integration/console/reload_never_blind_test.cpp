// SPDX-License-Identifier: Apache-2.0
// A reload must never leave the site unmonitored (issue "never blind"): it carries every
// unchanged point's rule state over, so the platform sees nothing of it; a new configuration that
// cannot be built is refused with the old pipeline still running; reloads in a loop are refused
// rather than let rules that need time (delays, the 2 s cut check) never settle; and the answer
// says what was applied and what needs a restart.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "console_site.hpp"
#include "support/mqtt_capture.hpp"

using namespace sw::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

bool is_alarm_of(const CapturedMessage& m, const std::string& point) {
  if (m.topic.find("/alarm") == std::string::npos) return false;
  const json j = m.json();
  return !j.is_discarded() && j.contains("data") && j["data"].value("point", "") == point;
}

std::int64_t samples_processed(ConsoleSite& site) {
  return site.ctl_json({"status"})["samples"].value("processed", std::int64_t{0});
}

// Runs SQL on the daemon's store from outside, as a fault injection would.
void run_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE(
    "a reload carries live alarms over: the platform sees no false all-clear and no second "
    "raise, and no point goes stale") {
  ConsoleSite site;
  MqttCapture platform(site.site().broker().uri(), "sitewatch/#");
  const json not_cut = site.await_alarm("face3.ch4", "power_not_cut");
  REQUIRE_FALSE(not_cut.is_null());
  REQUIRE_FALSE(site.await_alarm("face3.ch4", "limit",
                                 [](const json& a) { return a.value("level", "") == "power_cut"; })
                    .is_null());
  // Everything the platform was told about methane before the reload has arrived.
  REQUIRE(platform.wait_for([&](const CapturedMessage& m) {
    return is_alarm_of(m, "face3.ch4") && m.json()["data"].value("rule", "") == "power_not_cut";
  }));
  const std::size_t methane_messages_before = [&] {
    std::size_t n = 0;
    for (const auto& m : platform.messages()) n += is_alarm_of(m, "face3.ch4") ? 1 : 0;
    return n;
  }();

  const std::string path = site.site().config_path();
  write_file(path, replaced(read_file(path), "name = \"演示煤矿 3号采煤工作面\"",
                            "name = \"演示煤矿 3号采煤工作面 (新)\""));
  const auto reload = site.ctl({"reload"});
  INFO(reload.out << reload.err);
  REQUIRE(reload.code == 0);

  // Right after the reload methane still shows its value, not "stale".
  const json points = site.ctl_json({"points"});
  bool found = false;
  for (const auto& p : points)
    if (p.value("id", "") == "face3.ch4") {
      found = true;
      CHECK(p.value("quality", "") == "good");
      CHECK(p.value("value", 0.0) > 1.5);
    }
  CHECK(found);

  // The new pipeline has judged several seconds of samples (methane and the feed polled each
  // second, the cut check 2 s): long enough for a false clear and a re-raise to have happened.
  const auto processed = samples_processed(site);
  REQUIRE_FALSE(site.await_json({"status"},
                                [&](const json& s) {
                                  return s["samples"].value("processed", std::int64_t{0}) >=
                                         processed + 15;
                                })
                    .is_null());
  const auto still = site.alarm_by_id(not_cut["alarm_id"]);
  REQUIRE_FALSE(still.is_null());
  CHECK(still["active"] == true);
  std::size_t methane_messages_after = 0;
  for (const auto& m : platform.messages())
    if (is_alarm_of(m, "face3.ch4")) {
      ++methane_messages_after;
      INFO(m.payload);
      CHECK(m.json()["data"].value("event", "") != "cleared");
    }
  CHECK(methane_messages_after == methane_messages_before);
  CHECK(site.site().daemon().log().find("applied: config reloaded") != std::string::npos);
}

TEST_CASE(
    "a reload whose new pipeline cannot be built is refused, and the running pipeline goes on "
    "detecting") {
  ConsoleSite site(console_site_options(kCalmFirst));
  // The site runs; methane is still calm.
  REQUIRE_FALSE(site.await_json({"status"},
                                [](const json& s) { return s["devices"].value("online", 0) == 4; })
                    .is_null());
  // The store refuses any new point (what a failing disk or a locked table would do to the new
  // pipeline's point keys), and the new config has one: face3.co is now face3.co_ppm.
  run_sql(site.site().store_path(),
          "CREATE TRIGGER injected_fault BEFORE INSERT ON points BEGIN "
          "SELECT RAISE(ABORT, 'injected fault: no new points'); END;");
  const std::string path = site.site().config_path();
  write_file(path, replaced(read_file(path), "id = \"face3.co\"", "id = \"face3.co_ppm\""));
  const auto refused = site.ctl({"reload", "--json"});
  INFO(refused.out << refused.err);
  CHECK(refused.code == 1);
  const auto answer = refused.json();
  CHECK(answer["ok"] == false);
  CHECK_THAT(answer["message"].get<std::string>(),
             Catch::Contains("could not be built, the running one is kept") &&
                 Catch::Contains("injected fault"));

  // The old pipeline still polls and judges: methane rises past the cut level with the feed on,
  // and the power-not-cut hazard is raised as it would have been without the reload.
  CHECK_FALSE(site.await_alarm("face3.ch4", "power_not_cut").is_null());
  bool old_point = false;
  for (const auto& p : site.ctl_json({"points"})) old_point |= p.value("id", "") == "face3.co";
  CHECK(old_point);
}

TEST_CASE(
    "reloads in a loop are refused between applied ones, and the answer says what needs a "
    "restart") {
  ConsoleSite site(console_site_options(kCalmFirst));
  const std::string path = site.site().config_path();
  const std::string original = read_file(path);

  // A heartbeat change is an uplink change: applied, by reconnecting. A new disk budget is not
  // applied while running: the answer says so.
  REQUIRE(original.find("heartbeat = \"10s\"") != std::string::npos);
  write_file(path, replaced(replaced(original, "heartbeat = \"10s\"", "heartbeat = \"7s\""),
                            "[store]", "[store]\nmax_size = \"512MB\""));
  const auto first = site.ctl({"reload", "--json"});
  INFO(first.out << first.err);
  REQUIRE(first.code == 0);
  const std::string message = first.json()["message"];
  CHECK_THAT(message, Catch::Contains("uplink reconnected") &&
                          Catch::Contains("not applied until a restart: [store] max_size"));

  // At once again: refused, saying why; the daemon runs on.
  const auto again = site.ctl({"reload", "--json"});
  CHECK(again.code == 1);
  CHECK_THAT(again.json()["message"].get<std::string>(), Catch::Contains("apart"));
  CHECK(site.site().daemon().log().find("refused: the last reload was") != std::string::npos);

  // Asked every 200 ms while methane rises: most are refused, a few applied, and detection
  // does not notice — the alarm, the power cut and the power-not-cut hazard all come.
  bool hazard = false;
  int applied = 0;
  const bool done = wait_until(
      [&] {
        applied += site.ctl({"reload"}).code == 0 ? 1 : 0;
        for (const auto& a : site.ctl_json({"alarms", "--all"}))
          hazard |= a.value("point", "") == "face3.ch4" && a.value("rule", "") == "power_not_cut";
        return hazard;
      },
      40s, 200ms);
  CHECK(done);
  CHECK(applied >= 1);
}
