// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the driver knows about one point: where its value sits and how to turn it into a number.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/point.hpp"
#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

struct PointSpec {
  PointId id;
  PointIndex index = 0;  // its place in the site's point table: what its samples carry
  std::string device;    // name of its [[bus.device]]
  Table table = Table::holding;
  int address = 0;  // 0-based wire address
  DataType type = DataType::uint16;
  ByteOrder order = ByteOrder::abcd;
  int bit = 0;       // for type = "bit": which bit of the register (0 = least significant)
  double scale = 1;  // value = raw / 10^decimals × scale + offset
  double offset = 0;
  // The point's resolution: values rounded to this many decimals ([decimals]); -1 derives it from
  // the type, scale and offset (read_point).
  int decimals = -1;
  // The decimals scale and offset carry (the larger), worked out once when the config is read;
  // -1: read_point works them out per reading (a probe's one-off spec).
  int scale_decimals = -1;
  bool use_decimals = false;     // divide by 10^decimals read from the device's decimals register
  std::optional<Millis> period;  // its own poll group; the device's period otherwise
};

}  // namespace sw::modbus
