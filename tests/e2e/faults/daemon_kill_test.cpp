// SPDX-License-Identifier: Apache-2.0
// The daemon killed with SIGKILL — once while the broker is down, and ten times at random moments
// of a looping leak — loses no alarm event that reached its ledger, keeps the ledger's hash chain
// intact, and never announces an alarm that is still active a second time.
#include "fault_helpers.hpp"

#include <iostream>
#include <random>
#include <thread>

using namespace sw::test;
using namespace sw::test::faults;

namespace {

// The console's verdict on the ledger's hash chain.
json verify_ledger(SiteUnderTest& site) {
  const auto [rc, out] = site.ctl("--json verify-ledger");
  INFO("sitewatchctl verify-ledger exited " << rc << ": " << out);
  const json v = json::parse(out, nullptr, false);
  REQUIRE(v.is_object());
  return v;
}

}  // namespace

TEST_CASE(
    "alarm events written before a SIGKILL while the broker is down all arrive after the restart, "
    "and the active alarm keeps its id") {
  SiteOptions options = late_leak_site(3);
  options.broker.persistence = true;
  SiteUnderTest site(options);
  CaptureOptions capture;
  capture.client_id = "platform-kill";
  capture.persistent_session = true;
  capture.auto_reconnect = true;
  MqttCapture platform(site.broker().uri(), "sitewatch/#", capture);
  REQUIRE(platform.wait_for(online_status, 20s));
  site.broker().stop();

  // Methane passes 1.0 %: the limit alarm is raised, written, and waits in the outbox.
  std::vector<LedgerRecord> ledger;
  REQUIRE(wait_until(
      [&] {
        ledger = read_ledger(site.store_path());
        return ledger_has(ledger, "raised", "limit");
      },
      30s, 50ms));
  std::string alarm_id;
  for (const auto& r : ledger)
    if (r.kind == "raised" && r.rule == "limit") alarm_id = r.alarm_id;

  site.kill_daemon();
  const auto written_before_kill = read_ledger(site.store_path());
  REQUIRE_FALSE(written_before_kill.empty());

  site.start_daemon();  // the broker is still down
  const json verdict = verify_ledger(site);
  CHECK(verdict["intact"] == true);
  CHECK(verdict["records"].get<std::size_t>() >= written_before_kill.size());

  // The alarm that was active before the kill is still active, under the same id.
  const json alarms = ctl_json(site, "alarms");
  REQUIRE(alarms.is_array());
  bool still_active = false;
  for (const auto& a : alarms)
    if (a.value("alarm_id", "") == alarm_id) still_active = a.value("active", false);
  INFO("the methane limit alarm " << alarm_id << " after the restart: " << alarms.dump());
  CHECK(still_active);

  // The leak goes on and ends, still without a broker: escalation, the major hazard, the clear.
  REQUIRE(wait_until(
      [&] {
        ledger = read_ledger(site.store_path());
        return ledger_has(ledger, "escalated", "limit", "power_cut") &&
               ledger_has(ledger, "cleared", "limit");
      },
      30s, 100ms));

  site.broker().restart();
  ledger = await_delivery(site.store_path(), platform, 30s);
  const auto received = alarm_messages(platform);
  INFO(site.daemon_logs());
  REQUIRE(undelivered(ledger, received).empty());

  // What was written before the kill is still there, unchanged, at the start of the ledger.
  REQUIRE(ledger.size() >= written_before_kill.size());
  for (std::size_t i = 0; i < written_before_kill.size(); ++i) {
    CHECK(ledger[i].seq == written_before_kill[i].seq);
    CHECK(ledger[i].event_id == written_before_kill[i].event_id);
  }
  CHECK(verify_ledger(site)["intact"] == true);

  // One alarm from raise to clear: one "raised", the escalation and the clear under its id.
  CHECK(double_raises(ledger).empty());
  int raised = 0, escalated = 0, cleared = 0;
  for (const auto& r : ledger) {
    if (r.point != "face3.ch4" || r.rule != "limit") continue;
    CHECK(r.alarm_id == alarm_id);
    raised += r.kind == "raised";
    escalated += r.kind == "escalated";
    cleared += r.kind == "cleared";
  }
  CHECK(raised == 1);
  CHECK(escalated == 1);
  CHECK(cleared == 1);
  for (const auto& m : received) {
    if (m.point == "face3.ch4" && m.rule == "limit") CHECK(m.alarm_id == alarm_id);
    CHECK(m.resent);  // all of it waited for the broker
  }
}

TEST_CASE(
    "ten SIGKILLs at random moments of a looping leak lose no alarm event and never raise an "
    "active alarm twice") {
  SiteOptions options;
  options.scenario = "tools/sitewatch-sim/scenarios/coal_face.toml";
  options.speed = 6;  // one leak every 10 s
  options.sim_args = {"--loop"};
  options.replace = quick_demo_lines();
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  const auto first = platform.wait_for(online_status, 20s);
  REQUIRE(first);
  std::int64_t session = first->json()["data"]["session"];

  const unsigned seed = std::random_device{}();
  INFO("random seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> pause_ms(200, 2500);
  constexpr int kKills = 10;
  std::vector<double> to_first_message;
  std::vector<std::int64_t> killed_sessions;
  for (int kill = 1; kill <= kKills; ++kill) {
    // The moment is random, not a synchronisation: the daemon is at work all along.
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    site.kill_daemon();
    killed_sessions.push_back(session);
    const auto spawned = Clock::now();
    site.start_daemon();
    const auto birth = platform.wait_for(
        [&](const CapturedMessage& m) {
          return online_status(m) && m.json()["data"]["session"].get<std::int64_t>() > session;
        },
        15s);
    INFO("restart " << kill);
    REQUIRE(birth);
    session = birth->json()["data"]["session"];
    // The first message of the new run (the birth, by design). The old run's Will may arrive
    // after the spawn: a status of an older session is not the new run's.
    Clock::time_point first_message = birth->received;
    for (const auto& m : platform.messages()) {
      if (m.received <= spawned || m.received >= first_message) continue;
      if (is_status(m) && m.json()["data"].value("session", std::int64_t{0}) != session) continue;
      first_message = m.received;
    }
    to_first_message.push_back(seconds_between(spawned, first_message));
    CHECK(verify_ledger(site)["intact"] == true);
  }

  // Let the last run finish a leak, then compare what the platform got with the ledger.
  const std::size_t before_last = read_ledger(site.store_path()).size();
  REQUIRE(
      wait_until([&] { return read_ledger(site.store_path()).size() > before_last; }, 20s, 100ms));
  const auto ledger = await_delivery(site.store_path(), platform, 30s);
  const auto received = alarm_messages(platform);
  INFO(site.daemon_logs());
  CHECK(undelivered(ledger, received).empty());
  CHECK(double_raises(ledger).empty());
  CHECK(verify_ledger(site)["intact"] == true);
  CHECK(ledger_has(ledger, "raised", "limit"));
  CHECK(ledger_has(ledger, "escalated", "limit", "power_cut"));
  CHECK(ledger_has(ledger, "cleared", "limit"));

  // A message id never carries two events (duplicates after a lost PUBACK keep their id).
  std::map<std::string, std::string> event_of_id;
  for (const auto& m : received)
    CHECK(event_of_id.emplace(m.id, m.event_id).first->second == m.event_id);

  // `seq` is never given to two messages, whatever their kind: not to a birth and the Will of a
  // run killed right after it, not across restarts (a message sent again keeps its id and seq).
  std::map<std::int64_t, std::string> id_of_seq;
  for (const auto& m : platform.messages()) {
    const json j = m.json();
    if (j.is_discarded() || !j.contains("seq") || !j.contains("id")) continue;
    const auto [it, fresh] = id_of_seq.emplace(j["seq"].get<std::int64_t>(), j["id"]);
    INFO("seq " << it->first << ": " << m.topic << " " << m.payload);
    CHECK((fresh || it->second == j["id"].get<std::string>()));
  }

  // Every killed run left its Will: the broker announced it offline.
  for (const std::int64_t s : killed_sessions) {
    INFO("session " << s);
    CHECK(platform.wait_for(
        [&](const CapturedMessage& m) {
          if (!is_status(m)) return false;
          const json d = m.json()["data"];
          return d.value("state", "") == "offline" && d.value("reason", "") == "connection_lost" &&
                 d.value("session", std::int64_t{0}) == s;
        },
        5s));
  }

  std::sort(to_first_message.begin(), to_first_message.end());
  std::cout << "[figure] kill -9 restart to the first message: median "
            << to_first_message[to_first_message.size() / 2] << " s, max "
            << to_first_message.back() << " s over " << kKills << " restarts; " << ledger.size()
            << " ledger events, " << received.size() << " alarm messages received\n";
}
