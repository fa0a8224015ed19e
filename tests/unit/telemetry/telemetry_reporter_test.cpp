// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "telemetry/telemetry_reporter.hpp"

using namespace sw;
using namespace sw::telemetry;
using namespace std::chrono_literals;

namespace {
Sample good(PointIndex point, double value, WallTime t = WallClock::now()) {
  return Sample{point, value, Quality::good, t, {}, {}};
}
TelemetrySettings settings(Millis snapshot = 30s, Millis change = 1s) {
  TelemetrySettings s;
  s.snapshot_period = snapshot;
  s.change_interval = change;
  s.statistics_period = 0s;
  return s;
}
}  // namespace

TEST_CASE("a point's first sample is reported as a change") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetryReporter r(settings(), std::vector<double>(1), t0);
  r.on_sample(good(0, 0.3));
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.collect(t0, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 1);
  CHECK_FALSE(batches[0].snapshot);
  REQUIRE(batches[0].samples.size() == 1);
  CHECK(batches[0].samples[0].value == 0.3);
}

TEST_CASE("a change within the deadband is not reported, one beyond it is") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetryReporter r(settings(), {0.05}, t0);
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.on_sample(good(0, 0.30));
  r.collect(t0, WallClock::now(), batches, stats);
  batches.clear();
  r.on_sample(good(0, 0.34));  // within 0.05
  r.collect(t0 + 2s, WallClock::now(), batches, stats);
  CHECK(batches.empty());
  r.on_sample(good(0, 0.36));  // 0.06 from the last reported 0.30
  r.collect(t0 + 4s, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].samples[0].value == 0.36);
}

TEST_CASE("a quality change is reported even when the value is the same") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetryReporter r(settings(), {10.0}, t0);
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.on_sample(good(0, 1));
  r.collect(t0, WallClock::now(), batches, stats);
  batches.clear();
  Sample bad = good(0, 1);
  bad.quality = Quality::comm_loss;
  bad.reason = "timeout";
  r.on_sample(bad);
  r.collect(t0 + 2s, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].samples[0].quality == Quality::comm_loss);
  CHECK(batches[0].samples[0].reason == "timeout");
}

TEST_CASE("changes are batched at most once per change interval") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetryReporter r(settings(30s, 1s), std::vector<double>(2), t0);
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.on_sample(good(0, 1));
  r.collect(t0, WallClock::now(), batches, stats);
  CHECK(batches.size() == 1);
  r.on_sample(good(0, 2));
  r.on_sample(good(1, 3));
  r.collect(t0 + 500ms, WallClock::now(), batches, stats);
  CHECK(batches.size() == 1);  // not yet
  CHECK(r.next_deadline() == t0 + 1s);
  r.collect(t0 + 1s, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 2);
  CHECK(batches[1].samples.size() == 2);
}

TEST_CASE("a snapshot carries every point, in the config's order, every snapshot period") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetryReporter r(settings(30s, 1s), {100.0, 100.0}, t0);  // a = 0, b = 1
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.on_sample(good(1, 1));
  r.on_sample(good(0, 2));
  r.collect(t0, WallClock::now(), batches, stats);
  batches.clear();
  r.collect(t0 + 29s, WallClock::now(), batches, stats);
  CHECK(batches.empty());
  r.collect(t0 + 30s, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].snapshot);
  REQUIRE(batches[0].samples.size() == 2);
  CHECK(batches[0].samples[0].point == 0);
  CHECK(batches[0].samples[1].point == 1);
}

TEST_CASE("large batches are split at max_points_per_message") {
  const SteadyTime t0 = SteadyClock::now();
  TelemetrySettings s = settings();
  s.max_points_per_message = 2;
  TelemetryReporter r(s, std::vector<double>(5), t0);
  for (int i = 0; i < 5; ++i) r.on_sample(good(static_cast<PointIndex>(i), i));
  std::vector<TelemetryBatch> batches;
  std::vector<PointStatistics> stats;
  r.collect(t0, WallClock::now(), batches, stats);
  REQUIRE(batches.size() == 3);
  CHECK(batches[2].samples.size() == 1);
}

TEST_CASE("statistics give min, max and average of good samples per aligned window") {
  StatisticsWindow w(5min);
  const WallTime base = from_epoch_ms(1'700'000'100'000);  // a multiple of 5 min + 100 s
  const WallTime start = from_epoch_ms(1'700'000'100'000 - (1'700'000'100'000 % 300'000));
  w.add(good(0, 0.5, base));
  w.add(good(0, 1.5, base + 10s));
  Sample bad = good(0, 99, base + 20s);
  bad.quality = Quality::comm_loss;
  w.add(bad);  // bad samples never count
  std::vector<PointStatistics> out;
  w.close_due(base + 30s, out);
  CHECK(out.empty());  // window still open
  w.close_due(start + 5min, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].window_start == start);
  CHECK(out[0].min == 0.5);
  CHECK(out[0].max == 1.5);
  CHECK(out[0].avg == Approx(1.0));
  CHECK(out[0].count == 2);
}

TEST_CASE("a sample of the next window closes the open one without losing it") {
  StatisticsWindow w(5min);
  const WallTime start = from_epoch_ms(1'700'000'100'000 - (1'700'000'100'000 % 300'000));
  w.add(good(0, 10, start + 1s));
  w.add(good(0, 20, start + 5min + 1s));
  std::vector<PointStatistics> out;
  w.close_due(start + 5min + 2s, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].window_start == start);
  CHECK(out[0].max == 10);
}

TEST_CASE("a window's average carries no binary noise: 0.1 and 0.2 average to 0.15") {
  StatisticsWindow w(5min);
  const WallTime start = from_epoch_ms(1'700'000'100'000 - (1'700'000'100'000 % 300'000));
  w.add(good(0, 0.1, start + 1s));
  w.add(good(0, 0.2, start + 2s));
  CHECK((0.1 + 0.2) / 2 != 0.15);  // what the plain sum gives
  std::vector<PointStatistics> out;
  w.close_due(start + 5min, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].avg == 0.15);
}
