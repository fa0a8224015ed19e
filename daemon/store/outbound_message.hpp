// SPDX-License-Identifier: Apache-2.0
#pragma once
// A message waiting to go to the platform. Lanes give priority: alarms leave first and are never
// dropped; telemetry is shed first when the outbox is full.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace sw::store {

enum class Lane : int { alarm = 0, event = 1, status = 2, telemetry = 3 };
inline constexpr int kLaneCount = 4;
std::string_view to_string(Lane lane);

struct OutboundMessage {
  std::int64_t row = 0;  // assigned by the outbox; increases with insertion order
  std::string id;        // unique message id (ULID), also inside the payload
  std::int64_t seq = 0;  // gateway sequence number, also inside the payload
  Lane lane = Lane::telemetry;
  std::string topic;
  std::string payload;  // JSON; ends with the resent field (see uplink/message_encoder.hpp)
  std::string point;    // the point it concerns, or empty
  WallTime created;
};

}  // namespace sw::store
