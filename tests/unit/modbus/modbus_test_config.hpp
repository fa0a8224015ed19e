// SPDX-License-Identifier: Apache-2.0
#pragma once
// Parses a modbus [[bus]] written in a test, the way the core hands it to the driver.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <toml++/toml.h>

#include "drivers/modbus/modbus_config.hpp"
#include "fake_point_registrar.hpp"

namespace sw::modbus::test {

// The first [[bus]] of `text`, parsed with file name "site.toml".
inline ModbusConfig parse_bus(const std::string& text, FakePointRegistrar& registrar) {
  const toml::table root = toml::parse(text, std::string("site.toml"));
  const toml::array* buses = root["bus"].as_array();
  if (buses == nullptr || buses->empty()) throw std::runtime_error("no [[bus]] in the text");
  const toml::table& bus = *buses->get(0)->as_table();
  return parse_modbus_config(bus, config::Context{"site.toml", "bus[0]"}, registrar);
}

inline ModbusConfig parse_bus(const std::string& text) {
  FakePointRegistrar registrar;
  return parse_bus(text, registrar);
}

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sw::modbus::test
