// SPDX-License-Identifier: Apache-2.0
#pragma once
// Builds the JSON payloads sent to the platform (docs/messages.md). Every message is an envelope:
//   {"version":1,"id":ULID,"seq":N,"enterprise":..,"gateway":..,"site_type":..,"kind":..,
//    "time":<observation time>,"data":{...},"resent":false}
// with field names and time format from [uplink.format]. `resent` is always last, so the publisher
// marks a message leaving the outbox after an outage without re-encoding it (mark_resent).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/alarm_event.hpp"
#include "core/sample.hpp"
#include "uplink/message_format.hpp"

namespace sw::uplink {

// Bumped when a field changes meaning or disappears; adding a field does not bump it.
inline constexpr int kMessageFormatVersion = 1;

struct GatewayIdentity {
  std::string enterprise;
  std::string gateway;
  std::string site_type;
};

class MessageEncoder {
 public:
  MessageEncoder(GatewayIdentity identity, MessageFormat format);

  // kind "alarm": one alarm event; `time` is when it was observed.
  std::string alarm(const AlarmEvent& event, const std::string& id, std::int64_t seq) const;
  // kind "telemetry": samples with the site's point table (`points[s.point]` is the sample's
  // point; a sample beyond it goes out with an empty id and unit); `time` is when the
  // batch was formed, each point carries the time of its own observation. A value is null unless
  // its quality is good: a failed read never looks like a reading.
  std::string telemetry(const std::vector<Sample>& samples, const std::vector<PointInfo>& points,
                        bool snapshot, const std::string& id, std::int64_t seq,
                        WallTime time) const;
  // kind "event": something that happened at the gateway that is not an alarm (a device offline,
  // a reload, a storage fault); `name` is snake_case, `detail` an object.
  std::string event(const std::string& name, const std::string& message, nlohmann::json detail,
                    const std::string& id, std::int64_t seq, WallTime time) const;
  // Any other body (status, statistics, reply) inside the envelope.
  std::string wrap(const std::string& kind, nlohmann::json body, const std::string& id,
                   std::int64_t seq, WallTime time) const;
  // A time as the format says: a JSON string (RFC 3339, yyyyMMddHHmmss) or number (epoch ms).
  nlohmann::json time_value(WallTime t) const;
  // The same as text, for places that need a string (e.g. statistics windows).
  std::string format_time(WallTime t) const;
  // Appends the time as a JSON value (a quoted string or a number), without a JSON object.
  void append_time(std::string& out, WallTime t) const;
  const MessageFormat& format() const { return format_; }
  const GatewayIdentity& identity() const { return identity_; }

  // Rewrites the trailing resent flag of a payload this encoder made to true. Cheap: a suffix
  // rewrite, no parse. A payload that does not end with the flag is returned unchanged.
  std::string mark_resent(const std::string& payload) const;

 private:
  std::string envelope(const std::string& kind, const std::string& id, std::int64_t seq,
                       WallTime time, const std::string& data_json) const;

  GatewayIdentity identity_;
  MessageFormat format_;
  std::string resent_false_;  // the payload's tail: "resent":false}
  std::string resent_true_;
};

}  // namespace sw::uplink
