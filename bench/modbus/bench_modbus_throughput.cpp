// SPDX-License-Identifier: Apache-2.0
// Poll throughput of the modbus driver against a libmodbus server on loopback:
//  1. 10 devices × 500 registers polled back to back: points per second sustained, and CPU time
//     of the polling thread per 1,000 points (getrusage RUSAGE_THREAD; the server's CPU excluded).
//  2. 1,000 points at a 1 s period on the real schedule: CPU % of one core for the polling thread.
//   bench_modbus_throughput [seconds for part 1, default 3] [seconds for part 2, default 10]
#include <sys/resource.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "bench_map.hpp"
#include "drivers/modbus/modbus_driver.hpp"
#include "integration/modbus/test_modbus_server.hpp"

using namespace sw;
using namespace sw::modbus;
using namespace std::chrono;

namespace {

double thread_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

void fill(test::TestModbusServer& server, int devices, int registers) {
  for (int d = 1; d <= devices; ++d) {
    server.add_unit(d, registers);
    std::vector<std::uint16_t> values(static_cast<std::size_t>(registers));
    for (int i = 0; i < registers; ++i)
      values[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(d * 1000 + i);
    server.set_registers(d, Table::holding, 0, values);
  }
}

// Part 1: every group due at every call, no waiting between cycles.
void back_to_back(double seconds) {
  constexpr int kDevices = 10;
  constexpr int kRegisters = 500;
  test::TestModbusServer server;
  fill(server, kDevices, kRegisters);
  ModbusDriver driver(bench::register_map(kDevices, kRegisters, 1, Millis{1000}, server.port()));
  std::vector<Sample> out;
  out.reserve(kDevices * kRegisters);
  SteadyTime now = driver.next_due();
  driver.poll(now, out);  // connect, and check what comes back
  std::size_t bad = 0;
  for (const auto& s : out) bad += s.quality != Quality::good;
  if (bad != 0)
    std::printf("warning: %zu bad samples in the first cycle: %s\n", bad, out[0].reason.c_str());

  std::size_t points = 0;
  std::size_t cycles = 0;
  const double cpu0 = thread_cpu_seconds();
  const auto t0 = steady_clock::now();
  const std::uint64_t requests0 = driver.requests_sent();
  while (duration<double>(steady_clock::now() - t0).count() < seconds) {
    now += Millis{1000};
    out.clear();
    driver.poll(now, out);
    points += out.size();
    ++cycles;
  }
  const double wall = duration<double>(steady_clock::now() - t0).count();
  const double cpu = thread_cpu_seconds() - cpu0;
  const auto requests = driver.requests_sent() - requests0;
  std::printf("10 devices x 500 registers, back to back over loopback TCP (%zu requests/cycle)\n",
              driver.planned_requests());
  std::printf("  %zu cycles, %zu points, %llu requests in %.2f s\n", cycles, points,
              static_cast<unsigned long long>(requests), wall);
  std::printf("  throughput          %10.0f points/s   (%.0f requests/s)\n", points / wall,
              static_cast<double>(requests) / wall);
  std::printf(
      "  poller CPU          %10.1f us per 1,000 points (%.0f %% of a core while polling)\n",
      cpu / static_cast<double>(points) * 1e9, 100.0 * cpu / wall);
  std::printf("  CPU-bound ceiling   %10.0f points/s per core (points / poller CPU time)\n",
              static_cast<double>(points) / cpu);
}

// Part 2: 1,000 points at 1 s, waiting for next_due like the core's poller.
void steady_schedule(double seconds) {
  test::TestModbusServer server;
  fill(server, 2, 500);
  ModbusDriver driver(bench::register_map(2, 500, 1, Millis{1000}, server.port()));
  std::vector<Sample> out;
  std::size_t points = 0;
  double cpu = 0;
  double wall = 0;
  std::thread poller([&] {
    const double cpu0 = thread_cpu_seconds();
    const auto t0 = steady_clock::now();
    while (duration<double>(steady_clock::now() - t0).count() < seconds) {
      std::this_thread::sleep_until(driver.next_due());
      out.clear();
      driver.poll(SteadyClock::now(), out);
      points += out.size();
    }
    wall = duration<double>(steady_clock::now() - t0).count();
    cpu = thread_cpu_seconds() - cpu0;
  });
  poller.join();
  std::printf("1,000 points at a 1 s period (2 devices x 500 registers, %zu requests/cycle)\n",
              driver.planned_requests());
  std::printf("  %zu points in %.1f s; poller CPU %.2f ms = %.3f %% of one core\n", points, wall,
              cpu * 1000.0, 100.0 * cpu / wall);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const double part1 = argc > 1 ? std::atof(argv[1]) : 3.0;
  const double part2 = argc > 2 ? std::atof(argv[2]) : 10.0;
  back_to_back(part1);
  steady_schedule(part2);
  return 0;
}
