// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the console shows about the uplink: a copy, taken under the publisher's lock.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::uplink {

struct UplinkState {
  std::string broker;  // e.g. "ssl://platform.example:8883"
  std::string client_id;
  bool connected = false;
  std::optional<WallTime> since;  // when the current connection came up
  std::string last_error;         // clear text ("TLS: ... certificate verify failed"); kept after
  std::optional<WallTime> last_error_at;  // recovery, with its time
  std::int64_t session = 0;
  std::uint64_t connection = 0;  // connections made in this session
  std::uint64_t connect_attempts = 0;
  std::uint64_t reconnects = 0;      // connections after the first
  std::uint64_t published = 0;       // outbox messages handed to the broker, re-sends included
  std::uint64_t acknowledged = 0;    // PUBACKs for outbox messages
  std::uint64_t resent = 0;          // published marked resent
  std::uint64_t refused = 0;         // refused by the broker or client; kept in the outbox
  std::uint64_t set_aside = 0;       // refused for good, or again and again: now dead letters
  std::size_t in_flight = 0;         // outbox messages awaiting PUBACK
  bool commands_subscribed = false;  // subscribed to …/cmd on this connection
};

// For the console and request_status: times as RFC 3339 UTC, absent ones as null.
nlohmann::json to_json(const UplinkState& state);

}  // namespace sw::uplink
