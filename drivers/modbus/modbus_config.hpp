// SPDX-License-Identifier: Apache-2.0
#pragma once
// The modbus driver's config: a bus (one TCP connection or one serial line), its devices (unit
// ids) and their points. Every key is declared once (config::Options): parsing, unknown-key errors,
// defaults and the docs come from those declarations. sample.toml shows every key; README.md
// explains them.
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "options/options.hpp"
#include "core/clock.hpp"
#include "drivers/modbus/point_spec.hpp"
#include "drivers/modbus/status_word.hpp"

namespace sw {
class PointRegistrar;
}

namespace sw::modbus {

enum class Transport { tcp, rtu };
enum class Parity { none, even, odd };
// How a device's addresses are written: 0-based wire addresses with a `table` key, or Modicon
// reference numbers (40001 = holding register 0) that carry their table in the number.
enum class Addressing { zero_based, modicon };

struct BusSettings {
  std::string name;
  Transport transport = Transport::tcp;
  std::string host;         // tcp
  int port = 502;           // tcp
  std::string device_path;  // rtu
  int baud = 9600;
  Parity parity = Parity::none;
  int data_bits = 8;
  int stop_bits = 1;
  bool rs485 = false;
  Millis timeout{500};  // per request
  int retries = 1;      // extra attempts after a lost or garbled answer (devices that are online)
  Millis pause_between_requests{0};  // quiet time on the line between requests
  Millis reconnect_min{1000};        // link backoff: doubling from min up to max
  Millis reconnect_max{60'000};
  Millis device_backoff_max{60'000};  // a silent device is probed at least this often
  int max_gap = 16;                   // registers (bits) worth reading through to save a request
  int max_registers = 125;            // per request (Modbus Application Protocol §6.3: 125)
  int max_bits = 2000;                // per request (§6.1: 2000)
};

struct DeviceSettings {
  std::string name;
  int unit = 1;
  Millis period{1000};
  Addressing addressing = Addressing::zero_based;
  std::optional<StatusSpec> status;
  std::optional<DecimalsSpec> decimals;
};

struct ModbusConfig {
  BusSettings bus;
  std::vector<DeviceSettings> devices;
  std::vector<PointSpec> points;  // in config order
};

// Parses a [[bus]] table with driver = "modbus", registering each point with the core. Throws
// config::ConfigError naming file:line:column. No I/O.
ModbusConfig parse_modbus_config(const toml::table& bus, const config::Context& ctx,
                                 PointRegistrar& registrar);

// Every key with its type, default and description, by table, for --print-config-reference.
std::vector<std::pair<std::string, std::vector<config::OptionDoc>>> modbus_option_docs();

}  // namespace sw::modbus

namespace sw::config {
template <>
struct EnumNames<modbus::Transport> {
  static constexpr std::array<std::pair<modbus::Transport, std::string_view>, 2> values{{
      {modbus::Transport::tcp, "tcp"},
      {modbus::Transport::rtu, "rtu"},
  }};
};
template <>
struct EnumNames<modbus::Parity> {
  static constexpr std::array<std::pair<modbus::Parity, std::string_view>, 3> values{{
      {modbus::Parity::none, "none"},
      {modbus::Parity::even, "even"},
      {modbus::Parity::odd, "odd"},
  }};
};
template <>
struct EnumNames<modbus::Addressing> {
  static constexpr std::array<std::pair<modbus::Addressing, std::string_view>, 2> values{{
      {modbus::Addressing::zero_based, "zero_based"},
      {modbus::Addressing::modicon, "modicon"},
  }};
};
}  // namespace sw::config
