// SPDX-License-Identifier: Apache-2.0
#pragma once
// Quality of a sample: a point without a fresh good read is never shown as a value that looks real.
#include <optional>
#include <string_view>

namespace sw {

enum class Quality {
  good,
  comm_loss,     // the device did not answer (timeout, refused, reset, CRC)
  device_fault,  // the device answered with an exception or says its sensor is faulty
  warming_up,    // the sensor reports it is warming up: values are not yet valid
  calibrating,   // the sensor is being calibrated or inhibited: alarms are suppressed
  out_of_range,  // the value is beyond the sensor's measuring range
  stale,         // no fresh read within the expected period
};

// Which side of its measuring range an out-of-range reading lies on, when a driver knows it (a
// status bit, a device code) or the value shows it. A high-side over-range means at least the
// range top: the hazard engine trips every high level on it (issue 17, DOMAIN.md §1 over-range).
enum class RangeSide : unsigned char { none, low, high };

std::string_view to_string(Quality q);
std::string_view to_string(RangeSide side);
std::optional<Quality> quality_from_string(std::string_view s);

// A failed or faulty reading, as opposed to a state the sensor announces (warm-up, calibration).
inline bool is_failure(Quality q) {
  return q == Quality::comm_loss || q == Quality::device_fault || q == Quality::stale ||
         q == Quality::out_of_range;
}

}  // namespace sw
