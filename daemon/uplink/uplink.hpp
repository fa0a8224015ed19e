// SPDX-License-Identifier: Apache-2.0
#pragma once
// The uplink as the daemon sees it: the outbox publisher over Paho, and the downlink command
// dispatcher answering on …/reply. Construct with the settings and the outbox, start(), call
// notify() after adding to the outbox, read state() for the console, stop() at shutdown.
//
//   uplink::Uplink up(config.mqtt, identity, config.format, store.outbox(), store.next_session(),
//                     {{"ack_alarm", ack}, {"request_status", status}, {"resend", resend}},
//                     {.health = [&] { return health_json(); }});
//   up.start();
#include <memory>

#include "store/outbox.hpp"
#include "uplink/command_dispatcher.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/mqtt_link.hpp"
#include "uplink/mqtt_settings.hpp"
#include "uplink/outbox_publisher.hpp"
#include "uplink/topics.hpp"
#include "uplink/uplink_state.hpp"

namespace sw::uplink {

struct UplinkHooks {
  // Gateway health for birth and heartbeat; quick and thread-safe.
  std::function<nlohmann::json()> health;
  // Sequence numbers for status and replies; without it they count from 1 per process.
  std::function<std::int64_t()> next_seq;
};

class Uplink {
 public:
  // Over Paho. Throws std::invalid_argument when Paho refuses the broker address or client id.
  Uplink(const MqttSettings& settings, const GatewayIdentity& identity, const MessageFormat& format,
         store::Outbox& outbox, std::int64_t session, CommandTable commands,
         UplinkHooks hooks = {});
  // Over any link (tests).
  Uplink(const MqttSettings& settings, const GatewayIdentity& identity, const MessageFormat& format,
         store::Outbox& outbox, std::int64_t session, CommandTable commands, UplinkHooks hooks,
         std::unique_ptr<MqttLink> link);
  ~Uplink();
  Uplink(const Uplink&) = delete;
  Uplink& operator=(const Uplink&) = delete;

  void start();
  void stop();
  void notify() { publisher_.notify(); }
  UplinkState state() const { return publisher_.state(); }
  CommandStats command_stats() const { return commands_.stats(); }
  const Topics& topics() const { return topics_; }

 private:
  Topics topics_;
  // Declared before the publisher, which hands it commands: destroyed after it.
  CommandDispatcher commands_;
  OutboxPublisher publisher_;
};

}  // namespace sw::uplink
