// SPDX-License-Identifier: Apache-2.0
#include "uplink/uplink_state.hpp"

namespace sw::uplink {

namespace {
nlohmann::json time_or_null(const std::optional<WallTime>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const UplinkState& s) {
  return {{"broker", s.broker},
          {"client_id", s.client_id},
          {"connected", s.connected},
          {"since", time_or_null(s.since)},
          {"last_error", s.last_error},
          {"last_error_at", time_or_null(s.last_error_at)},
          {"session", s.session},
          {"connection", s.connection},
          {"connect_attempts", s.connect_attempts},
          {"reconnects", s.reconnects},
          {"published", s.published},
          {"acknowledged", s.acknowledged},
          {"resent", s.resent},
          {"refused", s.refused},
          {"set_aside", s.set_aside},
          {"in_flight", s.in_flight},
          {"commands_subscribed", s.commands_subscribed}};
}

}  // namespace sw::uplink
