// SPDX-License-Identifier: Apache-2.0
#pragma once
// From the registers of one point to the value and quality of its sample. Pure: the driver hands
// in what it read; every way a reading can be unusable ends in a bad quality with the reason,
// never in a number that looks real.
#include <optional>
#include <span>
#include <string>

#include "core/quality.hpp"
#include "drivers/modbus/point_spec.hpp"
#include "drivers/modbus/status_word.hpp"

namespace sw::modbus {

// The device's decimals this cycle: a value, or why there is none.
struct DecimalsReading {
  std::optional<int> value;
  std::string problem;  // when value is empty
};

struct PointReading {
  double value = 0;
  Quality quality = Quality::good;
  RangeSide over_range = RangeSide::none;  // the status register says which side
  std::string reason;
};

// A value beyond ±this is no measurement (a float read with the wrong byte order gives
// -868674371584 or 2.2e27): out_of_range, never good. A point's own `range` narrows it.
inline constexpr double kPlausibleMagnitude = 1e12;

// Decimals beyond this are a misread register, not a setting (no gas detector has more).
inline constexpr int kMaxDecimals = 6;

// `words` holds register_count(type) registers, or one 0/1 word for a coil or discrete input.
// The status verdict applies to measured values only, not to switches (a relay state stays valid
// while the sensor warms up).
PointReading read_point(const PointSpec& point, std::span<const std::uint16_t> words,
                        const DecimalsReading& decimals, const StatusVerdict& status);

}  // namespace sw::modbus
