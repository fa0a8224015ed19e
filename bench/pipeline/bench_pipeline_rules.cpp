// SPDX-License-Identifier: Apache-2.0
// Points per second through the hazard engine, and through the whole rules thread.
//  1. RuleEngine::on_sample alone (one thread, no I/O): 1,000 methane points with the 第498条
//     profile, quiet values; then with one composite rule per 10 points; then with 1 % of the
//     samples crossing the alarm level each cycle (conditions reported, peaks tracked).
//  2. The rules thread as the daemon runs it (engine, alarm book, telemetry, SQLite commits in a
//     scratch store, snapshot for the console), fed poll cycles of 1,000 samples through its
//     queue as fast as it takes them: quiet values, and values that change beyond the deadband
//     every cycle (telemetry and history for every point every second).
//
//   bench_pipeline_rules [--seconds 3]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bench_report.hpp"
#include "config/site_config.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"
#include "gateway_store.hpp"
#include "live_state.hpp"
#include "operator_request.hpp"
#include "rules/rule_engine.hpp"
#include "rules_thread.hpp"
#include "site_text.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono;
using Clock = steady_clock;

namespace {

constexpr int kPoints = 1000;

std::string site_text(const std::string& dir, int composites, double deadband) {
  sw::bench::SiteShape shape;
  shape.buses = 4;
  shape.devices = 25;
  shape.points = kPoints / 100;
  shape.dir = dir;
  std::string text = sw::bench::site_config_text(shape);
  if (deadband > 0) {
    // Every point gets the deadband, so a 0.01 step is a telemetry change.
    std::string with;
    std::size_t at = 0, next;
    const std::string key = "    profile = ";
    while ((next = text.find(key, at)) != std::string::npos) {
      const std::size_t eol = text.find('\n', next);
      with += text.substr(at, eol + 1 - at) + fmt::format("    deadband = {}\n", deadband);
      at = eol + 1;
    }
    text = with + text.substr(at);
  }
  for (int i = 0; i < composites; ++i) {
    const int device = 1 + (i % shape.devices);
    text += fmt::format(
        "\n[[rule]]\nname = \"c{}\"\nexpr = \"{} >= 1.0 && {} >= 1.0\"\npoint = \"{}\"\n", i,
        sw::bench::point_id(1 + i % shape.buses, device, 0),
        sw::bench::point_id(1 + i % shape.buses, device, 1),
        sw::bench::point_id(1 + i % shape.buses, device, 0));
  }
  return text;
}

std::vector<sw::Sample> cycle_of(const sw::config::SiteConfig& config, int cycle,
                                 double crossing_share, double step) {
  std::vector<sw::Sample> out;
  out.reserve(config.points.size());
  const auto now = sw::WallClock::now();
  int i = 0;
  for (const auto& p : config.points) {
    sw::Sample s;
    s.point = p.index;
    s.time = now;
    // Quiet values stay at 0.42..0.43 %; crossing ones alternate 0.5 ↔ 1.2 % each cycle.
    const bool crossing = (i++ % 100) < static_cast<int>(crossing_share * 100);
    s.value = crossing ? ((cycle % 2) != 0 ? 1.2 : 0.5) : 0.42 + step * (cycle % 2);
    out.push_back(std::move(s));
  }
  return out;
}

void engine_alone(const std::string& what, const sw::config::SiteConfig& config,
                  double crossing_share, double seconds_budget) {
  sw::rules::RuleEngine engine(config.points, config.point_rules, config.composites);
  std::vector<std::vector<sw::Sample>> cycles;
  for (int c = 0; c < 8; ++c) cycles.push_back(cycle_of(config, c, crossing_share, 0.001));
  std::vector<sw::rules::Condition> out;
  std::size_t samples = 0, conditions = 0;
  const auto start = Clock::now();
  auto steady = sw::SteadyClock::now();
  int c = 0;
  while (Clock::now() - start < duration<double>(seconds_budget)) {
    for (int k = 0; k < 50; ++k, ++c) {
      steady += milliseconds(1000);  // engine time: one poll cycle a second
      for (const auto& s : cycles[static_cast<std::size_t>(c % 8)])
        engine.on_sample(s, steady, out);
      engine.tick(steady, sw::WallClock::now(), out);
      samples += cycles[0].size();
      conditions += out.size();
      out.clear();
    }
  }
  const double secs = duration<double>(Clock::now() - start).count();
  const double rate = static_cast<double>(samples) / secs;
  std::printf("  engine, %-34s %10.0f samples/s  %6.0f ns/sample  %zu conditions\n", what.c_str(),
              rate, 1e9 / rate, conditions);
  sw::bench::report("rules engine " + what, rate, "points/s", "RuleEngine::on_sample, one thread");
}

void rules_thread(const std::string& what, const std::string& dir, double step,
                  double seconds_budget) {
  auto config =
      sw::config::parse_site_config(site_text(dir, 0, step > 0 ? step / 2 : 0), "bench.toml");
  sw::GatewayStore store(config.store);
  sw::LiveStateBoard board;
  sw::MessageSeq seq(store);
  sw::BlockingQueue<sw::Sample> queue(100'000);
  sw::GatewayEvents events;
  sw::GatewayConditions conditions;
  sw::RulesThread rules(config, store, queue, board, seq, {}, events, conditions);
  rules.start();
  std::vector<std::vector<sw::Sample>> cycles;
  for (int c = 0; c < 2; ++c) cycles.push_back(cycle_of(config, c, 0, step));

  std::uint64_t pushed = 0;
  const auto start = Clock::now();
  int c = 0;
  while (Clock::now() - start < duration<double>(seconds_budget)) {
    // A poller's batch at a time, leaving room so nothing is refused.
    if (queue.size() > 50'000) {
      std::this_thread::sleep_for(microseconds(200));
      continue;
    }
    auto batch = cycles[static_cast<std::size_t>(c++ % 2)];
    pushed += queue.push_many(batch.begin(), batch.end());
  }
  // Done when the rules thread has taken everything and finished the turn that processed it:
  // an operator request is answered within a turn, after its samples; a second one, posted once
  // the first is answered, in the next turn, so after the first turn's SQLite commit.
  while (queue.size() > 0) std::this_thread::sleep_for(microseconds(100));
  for (int round = 0; round < 2; ++round) {
    auto request = std::make_unique<sw::OperatorRequest>();
    request->alarm_id = "no-such-alarm";
    rules.post(std::move(request)).wait();
  }
  const double secs = duration<double>(Clock::now() - start).count();
  const auto refused = queue.refused();
  rules.request_stop();
  rules.join();
  const auto processed = board.read()->samples_processed;  // the last snapshot, at stop
  const double rate = static_cast<double>(pushed) / secs;
  std::printf(
      "  rules thread, %-28s %10.0f samples/s  (%llu pushed, %llu processed in %.2f s, %llu "
      "refused, outbox %lld messages)\n",
      what.c_str(), rate, static_cast<unsigned long long>(pushed),
      static_cast<unsigned long long>(processed), secs, static_cast<unsigned long long>(refused),
      static_cast<long long>(store.outbox_stats().depth));
  sw::bench::report("rules thread " + what, rate, "points/s",
                    "engine + alarm book + telemetry + SQLite commits");
}

}  // namespace

int main(int argc, char** argv) {
  double seconds_budget = 3;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--seconds") seconds_budget = std::atof(argv[i + 1]);
  spdlog::set_level(spdlog::level::warn);  // the rules thread logs each alarm at info

  sw::test::TempDir dir;
  const auto plain = sw::config::parse_site_config(site_text(dir.path().string(), 0, 0), "a.toml");
  const auto composite =
      sw::config::parse_site_config(site_text(dir.path().string(), kPoints / 10, 0), "b.toml");
  std::printf("rules: %zu points, profile coal.methane.return_corner\n", plain.points.size());
  engine_alone("quiet values", plain, 0, seconds_budget);
  engine_alone("quiet, 100 composite rules", composite, 0, seconds_budget);
  engine_alone("1% crossing each cycle", plain, 0.01, seconds_budget);
  {
    sw::test::TempDir scratch;
    rules_thread("quiet values", scratch.path().string(), 0, seconds_budget);
  }
  {
    sw::test::TempDir scratch;
    rules_thread("every value changes", scratch.path().string(), 0.02, seconds_budget);
  }
  return 0;
}
