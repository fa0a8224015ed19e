// SPDX-License-Identifier: Apache-2.0
// Gateway events at the platform (docs/messages.md, kind "event" on …/event): what happens to the
// gateway itself reaches a real broker through the outbox — a device that stops answering and
// answers again, config warnings at start, a reload, a broken ledger found by a check, telemetry
// shed from a full outbox. (The store failing over to memory is proved at the broker by
// tests/e2e/faults/storage_faults_test.cpp; a clock step, which a test cannot make on a shared
// machine, by tests/unit/gateway/gateway_watch_test.cpp.)
#include <catch2/catch.hpp>

#include <csignal>

#include "e2e/faults/fault_helpers.hpp"

using namespace sw::test;
using namespace sw::test::faults;

namespace {

std::function<bool(const CapturedMessage&)> event_named(const std::string& name,
                                                        const std::string& device = "") {
  return [=](const CapturedMessage& m) {
    return is_gateway_event(m, name) &&
           (device.empty() || m.json()["data"]["detail"].value("device", "") == device);
  };
}

// The envelope every event carries, checked on one of them.
void check_event_envelope(const json& j) {
  CHECK(j["version"] == 1);
  CHECK(j["id"].get<std::string>().size() == 26);
  CHECK(j["seq"].get<std::int64_t>() > 0);
  CHECK(j["enterprise"] == "DEMO-COAL-01");
  CHECK(j["gateway"] == "gw-face3");
  CHECK(j["data"]["message"].is_string());
  CHECK(j["data"]["detail"].is_object());
  CHECK(j.contains("resent"));
}

// Runs SQL on the daemon's store with the sqlite3 shell, as someone with write access would;
// true when it succeeded.
bool store_sql(SiteUnderTest& site, const std::string& sql) {
  int status = 0;
  run_command("sqlite3 " + shell_quote(site.store_path()) + " " + shell_quote(sql), &status);
  return status == 0;
}

json ctl_json_of(SiteUnderTest& site, const std::string& args) {
  const auto [rc, out] = site.ctl("--json " + args);
  return rc == 0 ? json::parse(out, nullptr, false) : json();
}

}  // namespace

TEST_CASE(
    "a device that stops answering reaches the platform as device_offline, and as "
    "device_online when it answers again") {
  SiteOptions options = late_leak_site(4);
  options.replace.emplace("timeout = \"300ms\"",
                          "timeout = \"300ms\"\ndevice_backoff_max = \"1s\"\nreconnect_min = "
                          "\"100ms\"\nreconnect_max = \"1s\"");
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();
  REQUIRE(platform.wait_for(online_status, 20s));
  // Every device answered once: nothing to tell yet.
  REQUIRE(wait_until(
      [&] {
        const json devices = ctl_json_of(site, "devices");
        if (!devices.is_array() || devices.empty()) return false;
        for (const auto& d : devices)
          if (!d.value("online", false)) return false;
        return true;
      },
      15s, 100ms));

  site.simulator().signal(SIGSTOP);  // the line goes quiet: every request times out
  const auto offline = platform.wait_for(event_named("device_offline", "ch4-t1"), 15s);
  site.simulator().signal(SIGCONT);
  INFO(site.daemon().log());
  REQUIRE(offline);
  const json off = offline->json();
  check_event_envelope(off);
  CHECK(off["data"]["detail"]["bus"] == "face-3");
  CHECK_FALSE(off["data"]["detail"]["last_error"].get<std::string>().empty());
  CHECK(off["data"]["message"] == "ch4-t1 on face-3 stopped answering");

  const auto back = platform.wait_for(event_named("device_online", "ch4-t1"), 15s);
  REQUIRE(back);
  CHECK(back->json()["seq"].get<std::int64_t>() > off["seq"].get<std::int64_t>());
  // Told once each: no repeat while the state holds.
  std::size_t offline_events = 0;
  for (const auto& m : platform.messages())
    if (event_named("device_offline", "ch4-t1")(m)) ++offline_events;
  CHECK(offline_events == 1);
}

TEST_CASE(
    "config warnings at start and a reload reach the platform as config_warning and "
    "config_reloaded, and the old site type name gas_station is sent as gas_site") {
  SiteOptions options;
  options.replace = quick_demo_lines();
  options.replace.emplace("site_type = \"coal_mine\"", "site_type = \"gas_station\"");
  options.replace.emplace("gas_class = \"high\"", "");  // a coal mine's alone
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();

  const auto warning = platform.wait_for(event_named("config_warning"), 20s);
  INFO(site.daemon().log());
  REQUIRE(warning);
  const json w = warning->json();
  check_event_envelope(w);
  CHECK(w["site_type"] == "gas_site");
  CHECK_THAT(w["data"]["message"].get<std::string>(),
             Catch::Matches(".*sitewatch\\.toml:\\d+:\\d+: site\\.site_type: \"gas_station\" is "
                            "the old name of \"gas_site\".*"));
  CHECK(w["data"]["detail"]["file"] == site.config_path());
  CHECK(site.daemon().log().find("gas_station") != std::string::npos);  // and in the log

  const auto [rc, out] = site.ctl("reload");
  INFO(out);
  REQUIRE(rc == 0);
  const auto reloaded = platform.wait_for(event_named("config_reloaded"), 20s);
  REQUIRE(reloaded);
  const json r = reloaded->json();
  check_event_envelope(r);
  CHECK(r["data"]["detail"]["points"] == 5);
  CHECK(r["data"]["detail"]["uplink_restarted"] == false);
  CHECK_THAT(r["data"]["message"].get<std::string>(),
             Catch::StartsWith("config reloaded: 5 points"));
  CHECK(r["seq"].get<std::int64_t>() > w["seq"].get<std::int64_t>());
}

TEST_CASE(
    "a ledger check that finds an edited record reaches the platform as "
    "ledger_check_failed") {
  SiteOptions options = late_leak_site(4);
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();
  REQUIRE(platform.wait_for(limit_raised, 40s));
  REQUIRE(wait_until([&] { return !read_ledger(site.store_path()).empty(); }, 10s, 100ms));
  // Intact: nothing told.
  CHECK(ctl_json_of(site, "verify-ledger").value("intact", false));

  REQUIRE(store_sql(site,
                    "PRAGMA busy_timeout=5000; DROP TRIGGER alarm_ledger_no_update; UPDATE "
                    "alarm_ledger SET event_json = json_set(event_json, '$.value', 0.5) WHERE seq "
                    "= 1;"));
  const auto [rc, out] = site.ctl("verify-ledger");
  CHECK(rc == 1);
  const auto failed = platform.wait_for(event_named("ledger_check_failed"), 20s);
  INFO(out << site.daemon().log());
  REQUIRE(failed);
  const json f = failed->json();
  check_event_envelope(f);
  CHECK(f["data"]["detail"]["first_bad_seq"] == 1);
  CHECK_FALSE(f["data"]["detail"]["problem"].get<std::string>().empty());
  std::size_t told = 0;
  for (const auto& m : platform.messages())
    if (is_gateway_event(m, "ledger_check_failed")) ++told;
  CHECK(told == 1);  // once per check that found it, not repeated
}

TEST_CASE(
    "the daemon walks the ledger's chain by itself: an edited record raises the gateway.ledger "
    "major hazard and ledger_check_failed, and every heartbeat carries the chain's head") {
  SiteOptions options = late_leak_site(4);
  options.replace.emplace("[store]\n", "[store]\nverify_interval = \"1s\"\n");
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();
  REQUIRE(platform.wait_for(limit_raised, 40s));
  REQUIRE(wait_until([&] { return !read_ledger(site.store_path()).empty(); }, 10s, 100ms));

  // A heartbeat after the first record: the head the platform can keep.
  const auto beat = platform.wait_for(
      [](const CapturedMessage& m) {
        if (!online_status(m)) return false;
        const json l = m.json()["data"]["health"]["ledger"];
        return l.is_object() && l.value("seq", 0) >= 1 && l.value("checked", false);
      },
      20s);
  REQUIRE(beat);
  const json head = beat->json()["data"]["health"]["ledger"];
  CHECK(head["hash"].get<std::string>().size() == 64);
  CHECK(head["intact"] == true);

  // Nobody runs verify-ledger: the daemon's own walk finds the edit.
  REQUIRE(store_sql(site,
                    "PRAGMA busy_timeout=5000; DROP TRIGGER alarm_ledger_no_update; UPDATE "
                    "alarm_ledger SET event_json = json_set(event_json, '$.value', 0.5) WHERE seq "
                    "= 1;"));
  const auto alarm = platform.wait_for(
      [](const CapturedMessage& m) {
        const json j = m.json();
        return m.topic.ends_with("/alarm") && j.is_object() &&
               j["data"].value("point", "") == "gateway.ledger" &&
               j["data"].value("event", "") == "raised";
      },
      20s);
  INFO(site.daemon().log());
  REQUIRE(alarm);
  const json a = alarm->json()["data"];
  CHECK(a["rule"] == "ledger_integrity");
  CHECK(a["major_hazard"] == true);  // the demo is a coal mine
  CHECK_THAT(a["clause"].get<std::string>(), Catch::Contains("第十八条(六)"));
  CHECK_THAT(a["message"].get<std::string>(), Catch::Contains("第 1 条"));
  const auto failed = platform.wait_for(event_named("ledger_check_failed"), 10s);
  REQUIRE(failed);
  CHECK(failed->json()["data"]["detail"]["first_bad_seq"] == 1);

  // The console says so too, and the walks go on without telling the platform again.
  const json status = ctl_json_of(site, "status");
  CHECK(status["storage"]["ledger"]["intact"] == false);
  const json walked = status["storage"]["ledger"];
  REQUIRE(wait_until(
      [&] {
        const json again = ctl_json_of(site, "status")["storage"]["ledger"];
        return again.is_object() && again.value("checked_at", "") != walked.value("checked_at", "");
      },
      10s, 100ms));
  std::size_t raised = 0, told = 0;
  for (const auto& m : platform.messages()) {
    if (is_gateway_event(m, "ledger_check_failed")) ++told;
    const json j = m.json();
    if (m.topic.ends_with("/alarm") && j.is_object() &&
        j["data"].value("point", "") == "gateway.ledger" &&
        j["data"].value("event", "") == "raised")
      ++raised;
  }
  CHECK(told == 1);
  CHECK(raised == 1);
}

TEST_CASE(
    "the 5-minute statistics are sealed: the heartbeat carries the newest seal, and an edited "
    "window raises gateway.statistics and statistics_check_failed") {
  SiteOptions options = late_leak_site(4);
  options.replace.emplace("[store]\n", "[store]\nverify_interval = \"1s\"\n");
  options.replace.emplace("snapshot_period = \"30s\"",
                          "snapshot_period = \"30s\"\nstatistics_period = \"1s\"");
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();

  // A heartbeat with a sealed window, checked and intact.
  const auto beat = platform.wait_for(
      [](const CapturedMessage& m) {
        if (!online_status(m)) return false;
        const json s = m.json()["data"]["health"]["statistics_seal"];
        return s.is_object() && s["window_start"].is_string() && s.value("checked", false);
      },
      40s);
  INFO(site.daemon().log());
  REQUIRE(beat);
  const json seal = beat->json()["data"]["health"]["statistics_seal"];
  CHECK(seal["hash"].get<std::string>().size() == 64);
  CHECK(seal["intact"] == true);

  // Someone lowers a recorded maximum: the daemon's own check finds it.
  REQUIRE(
      store_sql(site,
                "PRAGMA busy_timeout=5000; UPDATE history_statistics SET max = max - 1 "
                "WHERE window_start_ms = (SELECT min(window_start_ms) FROM statistics_seals);"));
  const auto alarm = platform.wait_for(
      [](const CapturedMessage& m) {
        const json j = m.json();
        return m.topic.ends_with("/alarm") && j.is_object() &&
               j["data"].value("point", "") == "gateway.statistics" &&
               j["data"].value("event", "") == "raised";
      },
      20s);
  REQUIRE(alarm);
  const json a = alarm->json()["data"];
  CHECK(a["rule"] == "statistics_integrity");
  CHECK(a["major_hazard"] == true);  // the demo is a coal mine
  CHECK_THAT(a["clause"].get<std::string>(), Catch::Contains("第十八条(六)"));
  CHECK_THAT(a["message"].get<std::string>(), Catch::Contains("统计窗口"));
  const auto failed = platform.wait_for(event_named("statistics_check_failed"), 10s);
  REQUIRE(failed);
  CHECK(failed->json()["data"]["detail"]["first_bad_window"].is_string());
  CHECK(ctl_json_of(site, "status")["storage"]["statistics_seal"]["intact"] == false);
}

TEST_CASE("telemetry shed from a full outbox reaches the platform as telemetry_shed") {
  SiteOptions options;
  options.replace = quick_demo_lines();
  options.replace.emplace("snapshot_period = \"30s\"", "snapshot_period = \"1s\"");
  options.replace.emplace("[store]\n", "[store]\noutbox_max_messages = 1000\n");
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  // A first run makes the store; then the outbox is filled to its bound while the daemon is down.
  site.start_daemon();
  REQUIRE(platform.wait_for(online_status, 20s));
  REQUIRE(site.daemon().stop() == 0);
  REQUIRE(store_sql(site,
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    "1000) INSERT INTO outbox (id, seq, lane, topic, payload, point, created_ms) "
                    "SELECT 'filler-' || i, 0, 3, 'filler/telemetry', '{}', '', 0 FROM n;"));

  // The broker takes the connection but answers nothing, so the outbox stays full and the
  // daemon's own telemetry pushes the oldest out.
  site.broker().pause();
  site.start_daemon();
  json outbox;
  const bool shed = wait_until(
      [&] {
        outbox = ctl_json_of(site, "outbox");
        return outbox.is_object() && outbox.value("dropped_telemetry", 0) > 0;
      },
      20s, 100ms);
  site.broker().resume();
  INFO(outbox.dump() << "\n" << site.daemon().log());
  REQUIRE(shed);
  const auto told = platform.wait_for(event_named("telemetry_shed"), 30s);
  REQUIRE(told);
  const json t = told->json();
  check_event_envelope(t);
  CHECK(t["data"]["detail"]["shed"].get<std::int64_t>() >= 1);
  CHECK(t["data"]["detail"]["shed_total"].get<std::int64_t>() >=
        t["data"]["detail"]["shed"].get<std::int64_t>());
}
