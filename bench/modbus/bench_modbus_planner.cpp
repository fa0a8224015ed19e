// SPDX-License-Identifier: Apache-2.0
// Requests per poll cycle: the read planner against one request per point, for dense and sparse
// register maps of 1,000 points, and what max_gap changes.
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include "bench_map.hpp"
#include "drivers/modbus/poll_group.hpp"

using namespace sw;
using namespace sw::modbus;

namespace {

std::size_t planned(const ModbusConfig& cfg) {
  std::size_t n = 0;
  for (std::size_t d = 0; d < cfg.devices.size(); ++d)
    for (const auto& g : make_poll_groups(cfg, d)) n += g.plan.size();
  return n;
}

void report(const char* name, ModbusConfig cfg) {
  std::printf("%-52s %6zu points  naive %5zu  ", name, cfg.points.size(), cfg.points.size());
  for (int gap : {0, 16, 64}) {
    cfg.bus.max_gap = gap;
    std::printf("max_gap %2d: %4zu  ", gap, planned(cfg));
  }
  const auto t0 = std::chrono::steady_clock::now();
  cfg.bus.max_gap = 16;
  constexpr int kRepeats = 200;
  for (int i = 0; i < kRepeats; ++i) (void)planned(cfg);
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      kRepeats;
  std::printf("(plan %.0f us)\n", us);
}

}  // namespace

int main() {
  std::printf("requests per poll cycle (one device per map unless noted)\n");
  report("dense: uint16 at 0..999", bench::register_map(1, 1000, 1, Millis{1000}));
  {
    auto cfg = bench::register_map(1, 500, 2, Millis{1000});
    for (auto& p : cfg.points) p.type = DataType::float32;
    report("dense: 500 float32 at 0..999", cfg);
  }
  report("dense: 10 devices x 100 uint16", bench::register_map(10, 100, 1, Millis{1000}));
  report("sparse: every 10th register (0..9990)", bench::register_map(1, 1000, 10, Millis{1000}));
  report("sparse: every 40th register (0..39960)", bench::register_map(1, 1000, 40, Millis{1000}));
  {
    // 100 detectors' blocks of 10 registers, 500 apart (a gateway's map of many devices).
    auto cfg = bench::register_map(1, 1000, 1, Millis{1000});
    for (std::size_t i = 0; i < cfg.points.size(); ++i)
      cfg.points[i].address = static_cast<int>((i / 10) * 500 + i % 10);
    report("clustered: 100 blocks of 10, 500 apart", cfg);
  }
  {
    std::mt19937 rng(42);
    std::set<int> addresses;
    while (addresses.size() < 1000) addresses.insert(static_cast<int>(rng() % 65536));
    auto cfg = bench::register_map(1, 1000, 1, Millis{1000});
    auto it = addresses.begin();
    for (auto& p : cfg.points) p.address = *it++;
    report("random: 1000 addresses in 0..65535", cfg);
  }
  return 0;
}
