// SPDX-License-Identifier: Apache-2.0
#pragma once
// Messages, settings and identities shared by the uplink's tests.
#include <string>
#include <vector>

#include "core/ulid.hpp"
#include "store/outbound_message.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/mqtt_settings.hpp"
#include "uplink/topics.hpp"

namespace sw::uplink::test {

inline GatewayIdentity test_identity() {
  return {"E1001", "gw-7", "coal_mine"};
}

inline Topics test_topics(const std::string& prefix = "sw") {
  return Topics(prefix, "E1001", "gw-7");
}

// Settings for tests: fast reconnects and heartbeats.
inline MqttSettings fast_settings(int port = 1883) {
  MqttSettings s;
  s.port = port;
  s.client_id = "sitewatch-gw-7";
  s.topic_prefix = "sw";
  s.reconnect_min = Millis{50};
  s.reconnect_max = Millis{200};
  s.heartbeat = Millis{60'000};
  s.keepalive = Millis{2'000};
  s.connect_timeout = Millis{2'000};
  s.max_inflight = 16;
  return s;
}

// A message for `lane` as the rules thread makes it: an envelope whose data names the message.
inline store::OutboundMessage outbound(const MessageEncoder& encoder, const Topics& topics,
                                       store::Lane lane, std::int64_t seq,
                                       WallTime created = WallClock::now()) {
  store::OutboundMessage m;
  m.id = make_ulid(created);
  m.seq = seq;
  m.lane = lane;
  const std::string kind(store::to_string(lane));
  m.topic = lane == store::Lane::alarm    ? topics.alarm()
            : lane == store::Lane::event  ? topics.event()
            : lane == store::Lane::status ? topics.status()
                                          : topics.telemetry();
  m.payload = encoder.wrap(kind, {{"n", seq}}, m.id, seq, created);
  m.point = "face3.ch4";
  m.created = created;
  return m;
}

inline std::vector<store::OutboundMessage> outbound_batch(const MessageEncoder& encoder,
                                                          const Topics& topics, store::Lane lane,
                                                          std::int64_t first_seq, int count,
                                                          WallTime created = WallClock::now()) {
  std::vector<store::OutboundMessage> out;
  for (int i = 0; i < count; ++i)
    out.push_back(outbound(encoder, topics, lane, first_seq + i, created));
  return out;
}

}  // namespace sw::uplink::test
