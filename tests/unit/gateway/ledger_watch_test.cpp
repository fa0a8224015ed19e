// SPDX-License-Identifier: Apache-2.0
// LedgerWatch's judgement, on verdicts made up by the test (the walk of a real chain is
// tests/unit/store/alarm_ledger_test.cpp's; the daemon's own walk finding an edit at the broker is
// tests/e2e/events/gateway_events_test.cpp's): a break raises the gateway's alarm and the event
// once, not at every walk; the right clause for the site; a chain intact again clears the alarm.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>

#include "gateway_conditions.hpp"
#include "gateway_events.hpp"
#include "ledger_watch.hpp"

namespace sw::test {
namespace {

struct Watched {
  explicit Watched(config::SiteType type = config::SiteType::coal_mine) {
    config::SiteSection site;
    site.site_type = type;
    watch = std::make_unique<LedgerWatch>([this] { return verdict; }, Millis{0}, site, conditions,
                                          events, [this] { return statistics; });
  }
  std::vector<rules::Condition> conditions_taken() {
    std::vector<rules::Condition> out;
    conditions.take(out);
    return out;
  }
  std::vector<GatewayEvent> events_taken() {
    std::vector<GatewayEvent> out;
    events.take(out);
    return out;
  }
  store::LedgerVerdict verdict;
  store::StatisticsVerdict statistics;
  GatewayConditions conditions;
  GatewayEvents events;
  std::unique_ptr<LedgerWatch> watch;
};

store::LedgerVerdict broken_at(std::int64_t seq) {
  store::LedgerVerdict v;
  v.intact = false;
  v.records = 9;
  v.first_bad_seq = seq;
  v.problem = "record " + std::to_string(seq) + ": hash mismatch (edited)";
  return v;
}

TEST_CASE("an intact chain tells nobody anything") {
  Watched w;
  w.verdict.records = 5;
  const LedgerCheck c = w.watch->check_now();
  CHECK(c.done);
  CHECK(c.intact);
  CHECK(c.records == 5);
  CHECK(w.conditions_taken().empty());
  CHECK(w.events_taken().empty());
}

TEST_CASE("a break raises the gateway's major hazard and the event once, not at every walk") {
  Watched w;
  w.watch->check_now();
  w.verdict = broken_at(3);
  w.watch->check_now();
  const auto raised = w.conditions_taken();
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].active);
  CHECK(raised[0].source == "gateway/ledger");
  CHECK(raised[0].point == "gateway.ledger");
  CHECK(GatewayConditions::is_gateway_source(raised[0].source));
  CHECK(raised[0].major_hazard);
  CHECK(raised[0].priority == 1);
  CHECK_THAT(raised[0].clause, Catch::Contains("第十八条(六)"));
  CHECK_THAT(raised[0].message, Catch::Contains("第 3 条"));
  const auto told = w.events_taken();
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "ledger_check_failed");
  CHECK(told[0].detail["first_bad_seq"] == 3);

  w.watch->check_now();  // the same damage at the next walk
  CHECK(w.conditions_taken().empty());
  CHECK(w.events_taken().empty());
  CHECK(w.watch->last().checks == 3);

  w.verdict = store::LedgerVerdict{};  // the file put back from a copy
  w.watch->check_now();
  const auto cleared = w.conditions_taken();
  REQUIRE(cleared.size() == 1);
  CHECK_FALSE(cleared[0].active);
  CHECK(w.events_taken().empty());
}

TEST_CASE("edited statistics raise their own alarm and event once, and clear when intact") {
  Watched w;
  w.watch->check_statistics_now();
  CHECK(w.conditions_taken().empty());
  w.statistics.intact = false;
  w.statistics.windows = 12;
  w.statistics.first_bad_window_ms = 1'796'000'100'000;
  w.statistics.problem = "window 2026-11-29T01:55:00.000Z: rows differ from their seal (edited)";
  w.watch->check_statistics_now();
  w.watch->check_statistics_now();  // the same damage again: told once
  const auto raised = w.conditions_taken();
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].active);
  CHECK(raised[0].point == "gateway.statistics");
  CHECK(raised[0].rule == "statistics_integrity");
  CHECK(GatewayConditions::is_gateway_source(raised[0].source));
  CHECK(raised[0].major_hazard);
  CHECK_THAT(raised[0].message, Catch::Contains("统计窗口"));
  const auto told = w.events_taken();
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "statistics_check_failed");
  CHECK(told[0].detail["windows"] == 12);
  CHECK(told[0].detail["first_bad_window"].is_string());
  CHECK_FALSE(w.watch->last_statistics().intact);

  w.statistics = store::StatisticsVerdict{};
  w.watch->check_statistics_now();
  const auto cleared = w.conditions_taken();
  REQUIRE(cleared.size() == 1);
  CHECK_FALSE(cleared[0].active);
  CHECK(cleared[0].point == "gateway.statistics");
}

TEST_CASE("outside coal mines the broken chain is an alarm, with no coal clause") {
  Watched w(config::SiteType::chemical_plant);
  w.verdict = broken_at(1);
  w.watch->check_now();
  const auto raised = w.conditions_taken();
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].active);
  CHECK_FALSE(raised[0].major_hazard);
  CHECK(raised[0].clause.empty());
}

TEST_CASE("a chain that cannot be read is not judged") {
  Watched w;
  w.watch->check_now();
  w.watch = std::make_unique<LedgerWatch>(
      []() -> store::LedgerVerdict { throw std::runtime_error("disk I/O error"); }, Millis{0},
      config::SiteSection{}, w.conditions, w.events);
  const LedgerCheck c = w.watch->check_now();
  CHECK_FALSE(c.done);
  CHECK(w.conditions_taken().empty());
}

TEST_CASE("the watch walks once at start and stops promptly with no interval") {
  Watched w;
  w.verdict = broken_at(2);
  std::promise<void> woke;
  std::atomic<bool> once{false};
  w.conditions.set_waker([&] {
    if (!once.exchange(true)) woke.set_value();
  });
  w.watch->start();
  REQUIRE(woke.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  std::vector<rules::Condition> got;
  w.conditions.take(got);
  REQUIRE(got.size() == 1);
  w.watch->stop();
  CHECK(w.watch->last().checks == 1);
}

TEST_CASE("gateway sources and point ids are told apart from configured points") {
  CHECK(GatewayConditions::is_gateway_source("gateway/ledger"));
  CHECK(GatewayConditions::is_gateway_source("gateway.ledger"));
  CHECK_FALSE(GatewayConditions::is_gateway_source("face3.ch4/limit"));
  CHECK_FALSE(GatewayConditions::is_gateway_source("gateways.x"));
}

}  // namespace
}  // namespace sw::test
