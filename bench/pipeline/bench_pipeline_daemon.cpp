// SPDX-License-Identifier: Apache-2.0
// sitewatchd as a whole, at the size of a real site: a generated config of N points (uint16 gas
// readings with the 第498条 methane profile, a 1 s poll period) against a Modbus server that
// serves them all, a real mosquitto and a subscriber. For each size it prints
//   - start-up: process start → "[gateway] running" → first Modbus request (the first poll, seen
//     by the device) → first telemetry message at the subscriber;
//   - points/s polled and processed (the console's samples.processed over the window);
//   - CPU of the whole daemon over the window (/proc/<pid>/stat), per 1,000 points;
//   - peak RSS (VmHWM) after the window, and the threads it runs.
// With --changing 0 values are constant, so after the first report telemetry is the 30 s snapshot
// only (a quiet site); the default --changing 0.1 changes 10 % of the registers every second (a
// different tenth each second, staying below every alarm level), as the issue-12 comparison with a
// flow-based gateway does: telemetry, history rows and the store's upkeep are then in the figure.
// CPU per point-poll = daemon CPU seconds / samples processed.
//
// --shape BxDxP sets buses x devices per bus x points per device instead of the ring-network
// shape below; issue 12 measured "1x10x1000" (one Modbus TCP server, 10 units of 1,000 registers).
//
//   bench_pipeline_daemon [--points 1000,10000] [--seconds 30] [--period-ms 1000] [--changing 0.1]
//                         [--shape BxDxP]
// Environment: SITEWATCH_BENCH_WRAP, a command prefix for the daemon (a profiler).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "process_probe.hpp"
#include "register_server.hpp"
#include "site_text.hpp"
#include "support/child_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/mqtt_capture.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono;
using Clock = steady_clock;

namespace {

std::string arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}

// Buses, devices per bus and points per device for a site of `points` points: a few TCP gateways
// with tens of devices each, as on a mine's ring network.
sw::bench::SiteShape shape_for(int points) {
  sw::bench::SiteShape s;
  if (points <= 100) {
    s.buses = 1;
    s.devices = std::max(1, points / 10);
    s.points = points / s.devices;
  } else if (points <= 1000) {
    s.buses = 4;
    s.devices = 25;
    s.points = points / 100;
  } else {
    s.buses = 10;
    s.devices = 50;
    s.points = points / 500;
  }
  return s;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return duration<double, std::milli>(b - a).count();
}

std::uint64_t processed(const std::string& socket) {
  const auto status = sw::bench::console_request(socket, "status");
  if (!status) return 0;
  return status->value("/samples/processed"_json_pointer, std::uint64_t{0});
}

// Changes `share` of the registers once a second until stopped: a different slice each second,
// 42 ↔ 43 (0.42 / 0.43 %CH4), so every change passes the deadband of 0 and no alarm level.
class RegisterChanger {
 public:
  RegisterChanger(sw::bench::RegisterServer& server, int registers, double share)
      : thread_([this, &server, registers, share] {
          const int per_second = static_cast<int>(registers * share);
          int next = 0;
          std::uint16_t value = 43;
          while (!stop_) {
            for (int i = 0; i < per_second; ++i) {
              server.set_holding(next, value);
              if (++next == registers) {
                next = 0;
                value = value == 43 ? 42 : 43;
              }
            }
            for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(milliseconds(100));
          }
        }) {}
  ~RegisterChanger() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void run_size(int points, int period_ms, int window_s, double changing, const std::string& form) {
  sw::test::TempDir dir;
  sw::test::BrokerOptions broker_options;
  broker_options.quiet = true;
  sw::test::MosquittoBroker broker(std::nullopt, 0, broker_options);
  sw::bench::SiteShape shape = shape_for(points);
  if (!form.empty() &&
      std::sscanf(form.c_str(), "%dx%dx%d", &shape.buses, &shape.devices, &shape.points) != 3) {
    std::fprintf(stderr, "--shape: expected BxDxP, e.g. 1x10x1000\n");
    std::exit(2);
  }
  points = shape.total_points();
  shape.period_ms = period_ms;
  sw::bench::RegisterServer server(shape.devices * shape.points);
  server.fill_holding(42);  // 0.42 % CH4: no alarm
  shape.modbus_port = server.port();
  shape.mqtt_port = broker.port();
  shape.dir = dir.path().string();
  const std::string config = dir.write("sitewatch.toml", sw::bench::site_config_text(shape));
  const std::string socket = dir.file("console.sock");
  sw::test::MqttCapture platform(broker.uri(), "sitewatch/BENCH-01/gw-bench/telemetry");

  std::printf("\n%d points (%d buses x %d devices x %d points), period %d ms, load %.2f\n", points,
              shape.buses, shape.devices, shape.points, period_ms, sw::bench::load_average_1min());
  const auto t0 = Clock::now();
  // SITEWATCH_BENCH_WRAP="heaptrack -o /tmp/hp" (or "perf record -g -o ...") runs the daemon
  // under a profiler; the figures are then the profiler's too.
  std::vector<std::string> argv;
  if (const char* wrap = std::getenv("SITEWATCH_BENCH_WRAP")) {
    std::istringstream words(wrap);
    for (std::string w; words >> w;) argv.push_back(w);
  }
  argv.insert(argv.end(), {sw::test::built_program("sitewatchd"), "--config", config});
  sw::test::ChildProcess daemon(argv, dir.file("sitewatchd.log"));
  std::optional<Clock::time_point> running, first_telemetry;
  while (!running || !server.first_request() || !first_telemetry) {
    if (!daemon.running() || Clock::now() - t0 > seconds(60)) {
      std::fprintf(stderr, "sitewatchd did not get going:\n%s\n", daemon.log().c_str());
      return;
    }
    if (!running && daemon.log().find("[gateway] running") != std::string::npos)
      running = Clock::now();
    if (!first_telemetry) {
      const auto m = platform.messages();
      if (!m.empty()) first_telemetry = m.front().received;
    }
    std::this_thread::sleep_for(milliseconds(2));
  }
  const std::string tag = std::to_string(points) + " points";
  std::printf("  start → running %.0f ms, → first poll %.0f ms, → first telemetry %.0f ms\n",
              ms_between(t0, *running), ms_between(t0, *server.first_request()),
              ms_between(t0, *first_telemetry));
  sw::bench::report("start-up to first poll", ms_between(t0, *server.first_request()), "ms", tag);
  sw::bench::report("start-up to first telemetry", ms_between(t0, *first_telemetry), "ms", tag);

  // Settle: every device answered once, the first full telemetry report is out.
  std::this_thread::sleep_for(seconds(5));
  std::optional<RegisterChanger> changer;
  if (changing > 0) changer.emplace(server, shape.devices * shape.points, changing);
  std::this_thread::sleep_for(seconds(changing > 0 ? 10 : 0));  // the changes' telemetry settles
  const auto cpu0 = sw::bench::proc_cpu_seconds(daemon.pid());
  const auto samples0 = processed(socket);
  const auto requests0 = server.requests();
  const auto w0 = Clock::now();
  std::this_thread::sleep_for(seconds(window_s));
  const auto cpu1 = sw::bench::proc_cpu_seconds(daemon.pid());
  const auto samples1 = processed(socket);
  const auto requests1 = server.requests();
  const double window = duration<double>(Clock::now() - w0).count();
  const double cpu_share = (cpu1 - cpu0) / window;  // of one core
  const double points_per_s = static_cast<double>(samples1 - samples0) / window;
  const double requests_per_s = static_cast<double>(requests1 - requests0) / window;
  const auto hwm_kb = sw::bench::proc_status_kb(daemon.pid(), "VmHWM");
  const auto rss_kb = sw::bench::proc_status_kb(daemon.pid(), "VmRSS");
  const int threads = sw::bench::proc_threads(daemon.pid());
  changer.reset();
  const int rc = daemon.stop(20000);
  const double us_per_point_poll =
      samples1 > samples0 ? (cpu1 - cpu0) * 1e6 / static_cast<double>(samples1 - samples0) : 0;

  std::printf(
      "  over %.1f s: %.0f points/s processed (%.0f expected), %.0f Modbus requests/s,\n"
      "  CPU %.2f %% of one core (%.3f %% per 1,000 points, %.3f µs per point-poll), "
      "%.0f %% of values changing/s,\n  VmHWM %.1f MB, VmRSS %.1f MB, %d threads, exit %d\n",
      window, points_per_s, points * 1000.0 / period_ms, requests_per_s, cpu_share * 100,
      cpu_share * 100 * 1000.0 / points, us_per_point_poll, changing * 100, hwm_kb / 1024.0,
      rss_kb / 1024.0, threads, rc);
  const std::string at = tag + " at " + std::to_string(period_ms) + " ms, " +
                         std::to_string(static_cast<int>(changing * 100)) + " % changing";
  sw::bench::report("daemon CPU per point-poll", us_per_point_poll, "µs", at);
  sw::bench::report("points/s processed", points_per_s, "points/s", at);
  sw::bench::report("daemon CPU", cpu_share * 100, "% of a core", at);
  sw::bench::report("daemon CPU per 1,000 points", cpu_share * 100 * 1000.0 / points, "% of a core",
                    at);
  sw::bench::report(
      "peak RSS (VmHWM)", hwm_kb / 1024.0, "MB",
      tag + (points <= 1000
                 ? (hwm_kb <= 16 * 1024 ? ": goal ≤ 16 MB met" : ": goal ≤ 16 MB MISSED")
                 : (hwm_kb <= 32 * 1024 ? ": goal ≤ 32 MB met" : ": goal ≤ 32 MB MISSED")));
}

}  // namespace

int main(int argc, char** argv) {
  const int window_s = std::atoi(arg(argc, argv, "--seconds", "30").c_str());
  const int period_ms = std::atoi(arg(argc, argv, "--period-ms", "1000").c_str());
  const double changing = std::atof(arg(argc, argv, "--changing", "0.1").c_str());
  const std::string form = arg(argc, argv, "--shape", "");
  std::stringstream sizes(arg(argc, argv, "--points", form.empty() ? "1000,10000" : "0"));
  for (std::string n; std::getline(sizes, n, ',');)
    run_size(std::atoi(n.c_str()), period_ms, window_s, changing, form);
  return 0;
}
