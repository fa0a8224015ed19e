#pragma once
// The modbus driver's config: a bus (one TCP connection or one serial line), its devices (unit ids)
// and their points. Every key declared once (config::Options); see sample.toml and README.md.
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/options.hpp"
#include "core/clock.hpp"
#include "core/point.hpp"
#include "drivers/modbus/register_layout.hpp"

namespace sw {
class PointRegistrar;
}

namespace sw::modbus {

enum class Transport { tcp, rtu };
enum class Parity { none, even, odd };

struct BusSettings {
  std::string name;
  Transport transport = Transport::tcp;
  std::string host = "127.0.0.1";
  int port = 502;
  std::string device_path;  // rtu
  int baud = 9600;
  Parity parity = Parity::none;
  int data_bits = 8;
  int stop_bits = 1;
  bool rs485 = false;
  Millis timeout{500};         // per request
  int retries = 0;             // extra attempts after a timeout, before the read counts as failed
  Millis pause{0};             // quiet time between requests (slow RTU devices need it)
  Millis reconnect_min{1000};  // connection backoff, doubling up to reconnect_max
  Millis reconnect_max{60'000};
  Millis backoff_max{60'000};  // a failing device is retried at most this far apart
  int max_gap = 16;
  int max_registers = 125;
  int max_bits = 2000;
};

// A device's status register mapped to point quality (DOMAIN.md §5): e.g. Honeywell Midas bits 4–5
// fault; a common Chinese module's bit 15 clear = warming up.
struct StatusSpec {
  Table table = Table::holding;
  int address = 0;
  std::vector<int> fault_bits;       // set → device_fault
  std::vector<int> warming_up_bits;  // set → warming_up
  std::vector<int> running_bits;     // clear → warming_up (the device says it is not running yet)
  std::vector<int> calibrating_bits;  // set → calibrating
  std::vector<int> inhibit_bits;      // set → calibrating (alarms inhibited by the device)
  std::vector<int> over_range_bits;   // set → out_of_range
};

struct DeviceSettings {
  std::string name;
  int unit = 1;
  Millis period{1000};
  std::optional<StatusSpec> status;
  std::optional<int> decimals_address;  // holding register with the number of decimals
};

struct PointSpec {
  PointId id;
  std::string device;
  Table table = Table::holding;
  int address = 0;
  DataType type = DataType::uint16;
  ByteOrder order = ByteOrder::abcd;
  int bit = 0;       // for type = "bit"
  double scale = 1;  // value = raw × scale + offset
  double offset = 0;
  bool use_decimals = false;     // divide by 10^decimals read from the device's decimals register
  std::optional<Millis> period;  // a poll group of its own
};

struct ModbusConfig {
  BusSettings bus;
  std::vector<DeviceSettings> devices;
  std::vector<PointSpec> points;
};

// Parses a [[bus]] table with driver = "modbus", registering each point with the core.
ModbusConfig parse_modbus_config(const toml::table& bus, const config::Context& ctx,
                                 PointRegistrar& registrar);

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
}  // namespace sw::config
