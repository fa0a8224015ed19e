// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/point_value.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/resolution.hpp"
#include "drivers/modbus/value_codec.hpp"

namespace sw::modbus {

namespace {
bool is_float_type(DataType t) {
  return t == DataType::float32 || t == DataType::float64;
}

// As measured: a configured resolution; an integer register's is its scale step (and the
// device's decimals); a float's, the significant digits its type carries.
double at_resolution(const PointSpec& point, double value, int register_decimals) {
  if (point.decimals >= 0) return round_decimals(value, point.decimals);
  if (is_float_type(point.type))
    return round_significant(value,
                             point.type == DataType::float32 ? kFloat32Digits : kDoubleDigits);
  const int own = point.scale_decimals >= 0
                      ? point.scale_decimals
                      : std::max(decimals_of(point.scale), decimals_of(point.offset));
  return round_decimals(value, own + register_decimals);
}
}  // namespace

PointReading read_point(const PointSpec& point, std::span<const std::uint16_t> words,
                        const DecimalsReading& decimals, const StatusVerdict& status) {
  PointReading out;
  const auto raw = decode_registers(words, point.type, point.order, point.bit);
  if (!raw) {
    out.quality = Quality::device_fault;
    out.reason = words.size() < static_cast<std::size_t>(register_count(point.type))
                     ? "short answer: fewer registers than the type needs"
                     : "the device sent a value that is not a number (NaN or infinity)";
    return out;
  }
  double value = *raw;
  int register_decimals = 0;
  if (point.use_decimals) {
    if (!decimals.value) {
      out.quality = Quality::device_fault;
      out.reason = "decimals register: " + decimals.problem;
      return out;
    }
    if (*decimals.value < 0 || *decimals.value > kMaxDecimals) {
      out.quality = Quality::device_fault;
      out.reason =
          fmt::format("decimals register says {} (expected 0..{})", *decimals.value, kMaxDecimals);
      return out;
    }
    value /= std::pow(10.0, *decimals.value);
    register_decimals = *decimals.value;
  }
  out.value = value * point.scale + point.offset;
  if (std::isfinite(out.value)) out.value = at_resolution(point, out.value, register_decimals);
  if (!std::isfinite(out.value)) {
    // A huge float64 times the scale: no reading to show, and never a good one (fuzz finding).
    out.quality = Quality::out_of_range;
    out.reason = fmt::format("{} × scale {} + offset {} is not a finite number", value, point.scale,
                             point.offset);
    return out;
  }
  if (std::fabs(out.value) > kPlausibleMagnitude) {
    out.quality = Quality::out_of_range;
    out.reason = fmt::format("{} is beyond ±{:g}: no measurement (check type and byte_order)",
                             out.value, kPlausibleMagnitude);
    return out;
  }
  if (!is_switch_type(point.type) && status.quality != Quality::good) {
    out.quality = status.quality;
    out.over_range = status.over_range;
    out.reason = status.reason;
  }
  return out;
}

}  // namespace sw::modbus
