// SPDX-License-Identifier: Apache-2.0
// The rules thread with a real store: samples in, alarm events written to the ledger and the
// outbox in the turn that made them; and a reload at this level — a new rules thread taking over
// from a stopped one — that neither clears nor raises again an alarm that is still active.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/site_config.hpp"
#include "gateway_store.hpp"
#include "message_seq.hpp"
#include "rules_thread.hpp"
#include "support/site_under_test.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace std::chrono_literals;

namespace {

// The demo site (coal face 3: methane with its feed, CO, O2, wind), its store in `dir`.
config::SiteConfig demo_site(const sw::test::TempDir& dir) {
  std::string text = sw::test::source_file("config/demo.toml");
  const std::string from = "path = \"/tmp/sitewatch-demo/sitewatch.db\"";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "path = \"" + dir.file("store.db") + "\"");
  auto config = config::parse_site_config(text, "demo.toml");
  config.buses.clear();  // no pollers: the test is the source of samples
  return config;
}

Sample reading(const config::SiteConfig& config, const std::string& id, double value) {
  Sample s;
  for (const auto& p : config.points)
    if (p.id == id) s.point = p.index;
  s.value = value;
  s.quality = Quality::good;
  s.time = WallClock::now();
  return s;
}

// Ledger records (alarm events) of `rule` on methane, by kind.
std::vector<std::string> methane_events(GatewayStore& store, const std::string& rule) {
  std::vector<std::string> kinds;
  for (const auto& e : store.recent_ledger(1000))
    if (e["point"].value("id", "") == "face3.ch4" && e.value("rule", "") == rule)
      kinds.push_back(e.value("kind", ""));
  return kinds;
}

// The rule of each alarm message waiting in the outbox (the memory fallback's included).
std::vector<std::string> alarm_rules_in_outbox(GatewayStore& store) {
  std::vector<std::string> rules_sent;
  for (const auto& m : store.outbox().next(store::Lane::alarm, 0, 1000)) {
    const auto j = nlohmann::json::parse(m.payload);
    if (j["kind"] == "alarm") rules_sent.push_back(j["data"].value("rule", ""));
  }
  return rules_sent;
}

// One thread's life: methane at 1.8 % with the feed on, fed every 100 ms until `done`.
struct Rules {
  config::SiteConfig config;
  BlockingQueue<Sample> queue{1000};
  GatewayEvents events;
  GatewayConditions conditions;
  RulesThread thread;
  Rules(const sw::test::TempDir& dir, GatewayStore& store, LiveStateBoard& board, MessageSeq& seq)
      : config(demo_site(dir)), thread(config, store, queue, board, seq, {}, events, conditions) {}

  bool feed_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    return sw::test::wait_until(
        [&] {
          queue.push(reading(config, "face3.feed", 1));
          queue.push(reading(config, "face3.ch4", 1.8));
          return done();
        },
        timeout, 100ms);
  }
};

// A store, and a rules thread on it restored from it, not started.
struct OneSite {
  sw::test::TempDir dir;
  GatewayStore store{demo_site(dir).store};
  LiveStateBoard board;
  MessageSeq seq{store};
  Rules rules{dir, store, board, seq};
  OneSite() { rules.thread.restore_from_store(); }
};

}  // namespace

TEST_CASE("a rules thread writes each alarm event to the ledger and the outbox as it is made") {
  OneSite site;
  GatewayStore& store = site.store;
  Rules& rules = site.rules;
  rules.thread.start();
  // Methane past the power-cut level with the feed on: the alarm at once, the hazard after 2 s.
  REQUIRE(rules.feed_until([&] { return !methane_events(store, "power_not_cut").empty(); }, 10s));
  CHECK(methane_events(store, "limit") == std::vector<std::string>{"raised"});
  CHECK(store.outbox_stats().by_lane[0] >= 2);  // the alarm lane holds both, until delivered
  rules.thread.request_stop();
  rules.thread.join();
}

TEST_CASE(
    "a turn whose write fails keeps its alarm: it goes out from memory, and later turns write "
    "again (issue 13 item 5)") {
  OneSite site;
  GatewayStore& store = site.store;
  Rules& rules = site.rules;
  // Not a StoreError: a write that fails for any reason must not lose what the alarm book made.
  store.inject_commit_fault([] { throw std::runtime_error("injected: the write failed"); });
  rules.thread.start();
  REQUIRE(rules.feed_until(
      [&] {
        const auto sent = alarm_rules_in_outbox(store);
        return std::find(sent.begin(), sent.end(), "limit") != sent.end();
      },
      10s));
  CHECK(methane_events(store, "limit").empty());  // not ledgered: the write failed
  CHECK_FALSE(store.health().ok);
  CHECK(store.health().events_not_ledgered >= 1);

  store.inject_commit_fault({});
  REQUIRE(rules.feed_until([&] { return !methane_events(store, "power_not_cut").empty(); }, 10s));
  CHECK(store.health().ok);
  rules.thread.request_stop();
  rules.thread.join();
}

TEST_CASE(
    "a turn whose messages cannot be made keeps its alarm: ledgered at once, sent once messages "
    "can be made again (issue 13 item 5)") {
  OneSite site;
  GatewayStore& store = site.store;
  Rules& rules = site.rules;
  rules.thread.inject_encode_faults(1'000'000);
  rules.thread.start();
  REQUIRE(rules.feed_until([&] { return !methane_events(store, "limit").empty(); }, 10s));
  CHECK(alarm_rules_in_outbox(store).empty());  // no message could be made

  rules.thread.inject_encode_faults(0);
  REQUIRE(rules.feed_until(
      [&] {
        const auto sent = alarm_rules_in_outbox(store);
        return std::find(sent.begin(), sent.end(), "limit") != sent.end();
      },
      10s));
  const auto sent = alarm_rules_in_outbox(store);
  CHECK(std::count(sent.begin(), sent.end(), "limit") == 1);
  CHECK(methane_events(store, "limit") == std::vector<std::string>{"raised"});
  CHECK(store.health().ok);
  rules.thread.request_stop();
  rules.thread.join();
}

TEST_CASE(
    "a major hazard opens a 隐患台账 record, and its `hazard` message is in the outbox with the "
    "alarm's") {
  OneSite site;
  GatewayStore& store = site.store;
  Rules& rules = site.rules;
  rules.thread.start();
  REQUIRE(rules.feed_until([&] { return !methane_events(store, "power_not_cut").empty(); }, 10s));
  rules.thread.request_stop();
  rules.thread.join();

  std::vector<store::HazardRecord> open;
  store.read_hazards([&](store::HazardRegister& r) { open = r.list(false); });
  REQUIRE(open.size() == 1);
  CHECK(open[0].source == store::HazardSource::monitoring);
  CHECK(open[0].point == "face3.ch4");
  std::vector<nlohmann::json> hazards;
  std::int64_t alarm_seq = 0;
  for (const auto& m : store.outbox().next(store::Lane::alarm, 0, 1000)) {
    const auto j = nlohmann::json::parse(m.payload);
    if (m.topic.ends_with("/hazard")) hazards.push_back(j);
    if (j["kind"] == "alarm" && j["data"]["rule"] == "power_not_cut") alarm_seq = j["seq"];
  }
  REQUIRE(hazards.size() == 1);
  CHECK(hazards[0]["kind"] == "hazard");
  CHECK(hazards[0]["data"]["step"] == "opened");
  CHECK(hazards[0]["data"]["alarm_id"] == open[0].alarm_id);
  CHECK(hazards[0]["data"]["by"] == "gateway");
  // Numbered after the alarm that opened it, and never again after a restart.
  CHECK(hazards[0]["seq"].get<std::int64_t>() > alarm_seq);
  CHECK(store.last_seq() >= hazards[0]["seq"].get<std::int64_t>());
}

TEST_CASE(
    "a rules thread taking over from a stopped one goes on with its alarms: nothing cleared, "
    "nothing raised again, the cut timer not restarted") {
  sw::test::TempDir dir;
  auto settings = demo_site(dir).store;
  GatewayStore store(settings);
  LiveStateBoard board;
  MessageSeq seq(store);

  auto before = std::make_unique<Rules>(dir, store, board, seq);
  before->thread.restore_from_store();
  before->thread.start();
  REQUIRE(before->feed_until([&] { return !methane_events(store, "power_not_cut").empty(); }, 10s));
  before->thread.request_stop();
  before->thread.join();

  // The reload: a new thread from the same config carries the old one's state over.
  Rules after(dir, store, board, seq);
  after.thread.carry_over(before->thread);
  before.reset();
  after.thread.start();
  // Three seconds of the same readings: longer than the 2 s cut check a fresh start would redo.
  const auto until = SteadyClock::now() + 3s;
  after.feed_until([&] { return SteadyClock::now() >= until; }, 10s);
  after.thread.request_stop();
  after.thread.join();

  CHECK(methane_events(store, "power_not_cut") == std::vector<std::string>{"raised"});
  CHECK(methane_events(store, "limit") == std::vector<std::string>{"raised"});
  const auto state = board.read();
  std::size_t active = 0;
  for (const auto& a : state->alarms)
    active += a.point == "face3.ch4" && a.condition_active ? 1 : 0;
  CHECK(active == 2);
}
