// SPDX-License-Identifier: Apache-2.0
#pragma once
// Builds modbus [[bus]] tables for integration tests.
#include <string>

#include <fmt/format.h>

namespace sw::modbus::test {

// A TCP bus to 127.0.0.1:port with `bus_keys` (lines) and `devices` (the [[bus.device]] part).
inline std::string tcp_bus(int port, const std::string& bus_keys, const std::string& devices) {
  return fmt::format(R"([[bus]]
name = "test-bus"
driver = "modbus"
host = "127.0.0.1"
port = {}
{}
{})",
                     port, bus_keys, devices);
}

inline std::string device(const std::string& name, int unit, const std::string& keys = "") {
  return fmt::format("[[bus.device]]\nname = \"{}\"\nunit = {}\n{}\n", name, unit, keys);
}

inline std::string point(const std::string& id, const std::string& keys) {
  return fmt::format("[[bus.device.point]]\nid = \"{}\"\n{}\n", id, keys);
}

}  // namespace sw::modbus::test
