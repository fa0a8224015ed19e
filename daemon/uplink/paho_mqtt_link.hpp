// SPDX-License-Identifier: Apache-2.0
#pragma once
// The MqttLink over Paho's async client: QoS 1, no Paho persistence (the outbox is the
// persistence), no automatic reconnect (the publisher decides when to try again), TLS 1.2+ with
// hostname verification on by default, MQTT 3.1.1 or 5.
#include <memory>
#include <mutex>
#include <string>

#include "uplink/mqtt_link.hpp"
#include "uplink/mqtt_settings.hpp"

namespace mqtt {
class async_client;
}

namespace sw::uplink {

class PahoMqttLink final : public MqttLink {
 public:
  // Throws std::invalid_argument when Paho refuses the broker address or client id.
  explicit PahoMqttLink(MqttSettings settings);
  ~PahoMqttLink() override;
  PahoMqttLink(const PahoMqttLink&) = delete;
  PahoMqttLink& operator=(const PahoMqttLink&) = delete;

  void set_listener(LinkListener* listener) override;
  void connect(const LinkWill& will) override;
  PublishResult publish(std::uint64_t tag, const std::string& topic, const std::string& payload,
                        bool retained) override;
  void subscribe(const std::string& topic) override;
  void disconnect(Millis timeout) override;
  std::string broker() const override { return uri_; }

 private:
  class Events;  // Paho's callbacks and action listeners, forwarding to the LinkListener

  const MqttSettings settings_;
  const std::string uri_;
  // Declared before the client: Paho's callbacks point into it, so it must outlive the client.
  std::unique_ptr<Events> events_;
  std::unique_ptr<mqtt::async_client> client_;
};

}  // namespace sw::uplink
