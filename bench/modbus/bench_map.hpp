// SPDX-License-Identifier: Apache-2.0
#pragma once
// Register maps for the benchmarks, built in code (no config file, no core registrar).
#include <string>

#include <fmt/format.h>

#include "drivers/modbus/modbus_config.hpp"

namespace sw::modbus::bench {

// `devices` devices (units 1..n) with `points_per_device` uint16 points each, at addresses
// first, first + stride, first + 2 × stride, ...
inline ModbusConfig register_map(int devices, int points_per_device, int stride, Millis period,
                                 int port = 502) {
  ModbusConfig cfg;
  cfg.bus.name = "bench";
  cfg.bus.host = "127.0.0.1";
  cfg.bus.port = port;
  cfg.bus.timeout = Millis{1000};
  for (int d = 0; d < devices; ++d) {
    DeviceSettings dev;
    dev.name = fmt::format("dev{}", d + 1);
    dev.unit = d + 1;
    dev.period = period;
    cfg.devices.push_back(dev);
    for (int i = 0; i < points_per_device; ++i) {
      PointSpec p;
      p.id = fmt::format("d{}.r{}", d + 1, i * stride);
      p.device = dev.name;
      p.address = i * stride;
      p.scale = 0.01;
      cfg.points.push_back(p);
    }
  }
  return cfg;
}

}  // namespace sw::modbus::bench
