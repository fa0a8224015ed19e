// SPDX-License-Identifier: Apache-2.0
// Heap allocations per plain sample on the whole hot path, counted: the real Modbus driver polling
// a real libmodbus server over loopback → the rules queue → the hazard engine → the alarm book →
// telemetry (deadband, statistics) → the store batch's history rows, as one rules-thread turn does
// them, on this thread. A replaced global operator new counts what this thread allocates (the
// server's thread is not counted). After a warm-up, ≥ 100,000 samples whose values do not change
// must cost 0 allocations: alarm events and messages may allocate, plain samples may not.
// Exits 1 when they do, so it doubles as a test (ctest: bench/pipeline/allocations).
//
//   bench_pipeline_allocations [--samples 100000]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "alarms/alarm_book.hpp"
#include "config/site_config.hpp"
#include "core/blocking_queue.hpp"
#include "register_server.hpp"
#include "rules/rule_engine.hpp"
#include "site_text.hpp"
#include "store/history.hpp"
#include "support/allocation_counter.hpp"
#include "support/temp_dir.hpp"
#include "telemetry/telemetry_reporter.hpp"

namespace {

using namespace sw;

constexpr int kPoints = 1000;

// One rules-thread turn's worth of state, kept between turns as the daemon keeps it.
struct HotPath {
  explicit HotPath(config::SiteConfig& config)
      : driver(*config.buses.at(0).instance),
        engine(config.points, config.point_rules, config.composites),
        book(
            [](const PointId& id) {
              PointInfo p;
              p.id = id;
              return p;
            },
            config.alarms),
        telemetry(config.telemetry, std::vector<double>(config.points.size(), 0.0),
                  SteadyClock::now()),
        queue(100'000) {
    polled.reserve(config.points.size());
    samples.reserve(config.points.size());
    history.reserve(config.points.size());
  }

  // One poll cycle of every device, through to the store batch. Returns the samples processed.
  std::size_t cycle() {
    const SteadyTime now = driver.next_due();  // the driver's own schedule, without sleeping
    polled.clear();
    driver.poll(now, polled);
    queue.push_many(polled.begin(), polled.end());
    samples.clear();
    queue.pop_all(samples, SteadyClock::now());
    const WallTime wall = WallClock::now();
    conditions.clear();
    events.clear();
    batches.clear();
    statistics.clear();
    history.clear();
    for (const Sample& s : samples) {
      engine.on_sample(s, now, conditions);
      telemetry.on_sample(s);
    }
    engine.tick(now, wall, conditions);
    for (const auto& c : conditions) book.apply(c, events);
    book.tick(wall, events);
    telemetry.collect(now, wall, batches, statistics);
    for (const auto& b : batches)
      for (const Sample& s : b.samples)
        history.push_back(
            {static_cast<std::int64_t>(s.point), to_epoch_ms(s.time), s.value, s.quality});
    if (!events.empty() || !batches.empty()) ++turns_with_messages;
    for (const Sample& s : samples) bad += s.quality != Quality::good;
    return samples.size();
  }

  BusDriver& driver;
  rules::RuleEngine engine;
  alarms::AlarmBook book;
  telemetry::TelemetryReporter telemetry;
  BlockingQueue<Sample> queue;
  std::vector<Sample> polled, samples;
  std::vector<rules::Condition> conditions;
  std::vector<AlarmEvent> events;
  std::vector<telemetry::TelemetryBatch> batches;
  std::vector<telemetry::PointStatistics> statistics;
  std::vector<store::HistoryRow> history;
  long turns_with_messages = 0;
  long bad = 0;
};

}  // namespace

int main(int argc, char** argv) {
  long wanted = 100'000;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--samples") == 0) wanted = std::atol(argv[i + 1]);
  spdlog::set_level(spdlog::level::warn);

  sw::test::TempDir dir;
  sw::bench::RegisterServer server(kPoints);
  server.fill_holding(42);  // 0.42 %CH4 on every point: quiet, below every level
  sw::bench::SiteShape shape;
  shape.devices = 10;
  shape.points = kPoints / 10;
  shape.period_ms = 100;
  shape.modbus_port = server.port();
  shape.dir = dir.path().string();
  // No periodic snapshot or statistics window inside the run: those are messages, counted apart.
  shape.extra = "\n[telemetry]\nsnapshot_period = \"1h\"\nstatistics_period = \"1h\"\n";
  auto config = sw::config::parse_site_config(sw::bench::site_config_text(shape), "bench.toml");

  HotPath path(config);
  // Warm-up: connections, first reports, every buffer at its working size.
  for (int i = 0; i < 20; ++i) path.cycle();
  const long messages_before = path.turns_with_messages;

  long samples = 0;
  long allocations = 0;
  {
    const sw::test::AllocationCount count;
    while (samples < wanted) samples += static_cast<long>(path.cycle());
    allocations = count.allocations();
  }

  std::printf(
      "bench_pipeline_allocations: driver (Modbus TCP, loopback) → queue → rules → alarms "
      "→ telemetry → store batch\n");
  std::printf("  points               %d\n", kPoints);
  std::printf("  samples              %ld (%ld not good)\n", samples, path.bad);
  std::printf("  turns with messages  %ld\n", path.turns_with_messages - messages_before);
  std::printf("  heap allocations     %ld\n", allocations);
  std::printf("  per sample           %.6f\n",
              static_cast<double>(allocations) / static_cast<double>(samples));
  if (path.bad != 0) {
    std::printf("FAIL: samples were not good: the server did not answer as expected\n");
    return 1;
  }
  if (allocations != 0) {
    std::printf("FAIL: plain samples allocate on the hot path (goal: 0)\n");
    return 1;
  }
  std::printf("OK: 0 heap allocations per plain sample\n");
  return 0;
}
