// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the driver needs from a Modbus link: open it (again) when due, read, and drop it when it
// broke. ModbusConnection implements it over libmodbus; unit tests put a scripted one in its place.
#include <cstdint>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "drivers/modbus/register_layout.hpp"
#include "drivers/modbus/request_failure.hpp"

namespace sw::modbus {

struct ReadCommand {
  int unit = 1;
  Table table = Table::holding;
  int start = 0;
  int count = 1;
};

struct ReadResult {
  RequestError error;  // failure none: `out` holds the values
  std::string text;    // what went wrong, for the sample's reason and the log
  bool ok() const { return error.failure == Failure::none; }
};

class ModbusTransport {
 public:
  virtual ~ModbusTransport() = default;
  // Opens the link if it is closed and its reconnect backoff has passed. False: last_error() says
  // why, and the link is not to be used before the next call.
  virtual bool ensure_open(SteadyTime now) = 0;
  // The link broke (reset, refused, port gone): close it; reopen after a growing wait.
  virtual void drop(SteadyTime now, const std::string& why) = 0;
  // Closes for good (driver stop).
  virtual void close() = 0;
  virtual const std::string& last_error() const = 0;
  // When ensure_open will next try to open a closed link.
  virtual SteadyTime reopen_at() const = 0;
  // Where it goes, for logs: "tcp 10.0.0.5:502", "rtu /dev/ttyS1 9600 8N1".
  virtual std::string describe() const = 0;
  // Reads `cmd.count` registers or bits into `out` (bits as 0/1 words). Blocks at most about one
  // timeout.
  virtual ReadResult read(const ReadCommand& cmd, std::span<std::uint16_t> out) = 0;
};

}  // namespace sw::modbus
