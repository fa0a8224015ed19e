// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the publisher needs from an MQTT client, and nothing more: connect with a Will, publish with
// QoS 1 and learn of the PUBACK, subscribe, disconnect. The publisher's logic (window, order,
// cursors, reconnect) is tested against a fake link without a broker; PahoMqttLink is the real one.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace sw::uplink {

// A retained status message the broker publishes if the gateway vanishes (Last Will).
struct LinkWill {
  std::string topic;
  std::string payload;
};

// What happened to a publish: the broker acknowledged it (ok); it may go through on a later try
// (retry: not connected, the connection dropped, the client's queue is full); the broker or client
// refused this very message, perhaps for a while (error: an MQTT 5 PUBACK reason ≥ 0x80 such as a
// quota); or refused it for what it is, so sending it again cannot help (rejected: not authorized
// for its topic, too large, malformed).
enum class DeliveryOutcome { ok, retry, error, rejected };

// Events from the link. Called on the MQTT library's threads: implementations only queue them.
class LinkListener {
 public:
  virtual ~LinkListener() = default;
  virtual void on_connected() = 0;
  virtual void on_connect_failed(const std::string& reason) = 0;
  virtual void on_connection_lost(const std::string& reason) = 0;
  // The fate of publish(tag, ...).
  virtual void on_delivery(std::uint64_t tag, DeliveryOutcome outcome,
                           const std::string& reason) = 0;
  virtual void on_subscribed(const std::string& topic, bool ok, const std::string& reason) = 0;
  // A message on a subscribed topic, still in the library's buffer: copy only what is kept.
  virtual void on_message(const std::string& topic, std::string_view payload, bool retained) = 0;
};

struct PublishResult {
  DeliveryOutcome outcome = DeliveryOutcome::ok;  // ok: handed to the client, PUBACK to follow
  std::string reason;
};

class MqttLink {
 public:
  virtual ~MqttLink() = default;
  // Events go to `listener` from now on; nullptr stops them (returns once no event is in progress).
  virtual void set_listener(LinkListener* listener) = 0;
  // Starts one connection attempt (no automatic reconnect): on_connected or on_connect_failed
  // follows.
  virtual void connect(const LinkWill& will) = 0;
  // Sends with QoS 1; on_delivery(tag, ...) follows when the result is ok.
  virtual PublishResult publish(std::uint64_t tag, const std::string& topic,
                                const std::string& payload, bool retained) = 0;
  virtual void subscribe(const std::string& topic) = 0;
  // A clean DISCONNECT (the broker does not publish the Will); waits at most `timeout`.
  virtual void disconnect(Millis timeout) = 0;
  // The broker's address for logs and the console, e.g. "ssl://broker:8883".
  virtual std::string broker() const = 0;
};

}  // namespace sw::uplink
