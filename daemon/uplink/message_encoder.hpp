#pragma once
// Builds the JSON payloads sent to the platform (docs/messages.md). Every message carries the
// envelope: id (ULID), seq, gateway, enterprise, kind, time of observation, and — always last — the
// resent flag, so the publisher can mark a message leaving the outbox after an outage without
// re-encoding it (mark_resent).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/alarm_event.hpp"
#include "core/sample.hpp"
#include "uplink/message_format.hpp"

namespace sw::uplink {

struct GatewayIdentity {
  std::string enterprise;
  std::string gateway;
  std::string site_type;
};

class MessageEncoder {
 public:
  MessageEncoder(GatewayIdentity identity, MessageFormat format);

  std::string alarm(const AlarmEvent& event, const std::string& id, std::int64_t seq) const;
  std::string telemetry(const std::vector<Sample>& samples, const std::vector<PointInfo>& points,
                        bool snapshot, const std::string& id, std::int64_t seq, WallTime time) const;
  // Any other body (status, statistics, replies) inside the envelope.
  std::string wrap(const std::string& kind, nlohmann::json body, const std::string& id,
                   std::int64_t seq, WallTime time) const;
  std::string format_time(WallTime t) const;
  const MessageFormat& format() const { return format_; }

  // Rewrites the trailing resent flag of an encoded payload to true (cheap, no parse).
  std::string mark_resent(const std::string& payload) const;

 private:
  std::string finish(nlohmann::json envelope) const;
  nlohmann::json envelope(const std::string& kind, const std::string& id, std::int64_t seq,
                          WallTime time) const;
  GatewayIdentity identity_;
  MessageFormat format_;
};

}  // namespace sw::uplink
