// SPDX-License-Identifier: Apache-2.0
#include "uplink/status_message.hpp"

namespace sw::uplink {

std::string_view to_string(StatusReason reason) {
  switch (reason) {
    case StatusReason::birth:
      return "birth";
    case StatusReason::heartbeat:
      return "heartbeat";
    case StatusReason::shutdown:
      return "shutdown";
    case StatusReason::connection_lost:
      return "connection_lost";
  }
  return "unknown";
}

nlohmann::json status_body(bool online, StatusReason reason, SessionNumber number,
                           const MessageEncoder& encoder, std::optional<WallTime> since,
                           nlohmann::json health) {
  nlohmann::json body{{"state", online ? "online" : "offline"},
                      {"reason", std::string(to_string(reason))},
                      {"session", number.session},
                      {"connection", number.connection}};
  body["since"] = since ? encoder.time_value(*since) : nlohmann::json(nullptr);
  if (!health.is_null()) body["health"] = std::move(health);
  return body;
}

nlohmann::json reply_ok(const std::string& request_id, const std::string& cmd,
                        nlohmann::json result) {
  return {{"request_id", request_id}, {"cmd", cmd}, {"ok", true}, {"result", std::move(result)}};
}

nlohmann::json reply_error(const std::string& request_id, const std::string& cmd,
                           const std::string& reason) {
  return {{"request_id", request_id}, {"cmd", cmd}, {"ok", false}, {"error", reason}};
}

}  // namespace sw::uplink
