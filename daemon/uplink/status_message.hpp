// SPDX-License-Identifier: Apache-2.0
#pragma once
// The bodies of the retained status on …/status (birth, heartbeat, shutdown, and the Will) and of
// replies on …/reply. Status carries the session (the daemon's persisted start counter) and the
// connection number within it, so the platform can order a late Will against a newer birth
// (Sparkplug implementations learnt this the hard way).
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "uplink/message_encoder.hpp"

namespace sw::uplink {

struct SessionNumber {
  std::int64_t session = 0;      // grows with every start of the daemon
  std::uint64_t connection = 0;  // grows with every connection within the session
};

enum class StatusReason {
  birth,            // first status of a connection
  heartbeat,        // periodic, with health
  shutdown,         // clean stop
  connection_lost,  // the Will: the broker lost the gateway
};

std::string_view to_string(StatusReason reason);

// {"state":"online"|"offline","reason":..,"session":N,"connection":C,"since":<time>,
//  "health":{...}}; `health` is left out when null.
nlohmann::json status_body(bool online, StatusReason reason, SessionNumber number,
                           const MessageEncoder& encoder, std::optional<WallTime> since,
                           nlohmann::json health);

// {"request_id":..,"cmd":..,"ok":true,"result":...} or {..,"ok":false,"error":"<reason>"}
nlohmann::json reply_ok(const std::string& request_id, const std::string& cmd,
                        nlohmann::json result);
nlohmann::json reply_error(const std::string& request_id, const std::string& cmd,
                           const std::string& reason);

}  // namespace sw::uplink
