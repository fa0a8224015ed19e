// SPDX-License-Identifier: Apache-2.0
#pragma once
// Health of one polled device, as drivers report it to the console and the heartbeat.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace sw {

struct DeviceStatus {
  std::string bus;
  std::string device;
  bool online = false;
  std::optional<WallTime> last_success;
  std::uint64_t requests = 0;
  std::map<std::string, std::uint64_t> errors;  // by kind: "timeout", "exception", "crc", ...
  double last_latency_ms = 0;
  double avg_latency_ms = 0;
  std::string last_error;
};

}  // namespace sw
