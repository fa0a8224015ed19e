// SPDX-License-Identifier: Apache-2.0
#pragma once
// The platform side in a test: a real MQTT client subscribed to a topic filter, collecting
// messages.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mqtt {
class async_client;
}

namespace sw::test {

struct CapturedMessage {
  std::string topic;
  std::string payload;
  bool retained = false;
  std::chrono::steady_clock::time_point received{};  // when the capture got it
  nlohmann::json json() const { return nlohmann::json::parse(payload, nullptr, false); }
};

struct CaptureOptions {
  std::string client_id;            // empty: a unique one
  bool persistent_session = false;  // clean_session = false: the broker queues for it while away
  bool auto_reconnect = false;      // reconnect by itself (e.g. across a broker restart)
};

class MqttCapture {
 public:
  MqttCapture(const std::string& uri, const std::string& topic_filter);
  MqttCapture(const std::string& uri, const std::string& topic_filter, CaptureOptions options);
  ~MqttCapture();
  std::vector<CapturedMessage> messages() const;
  // How many arrived so far (without copying them: for waits over tens of thousands).
  std::size_t count() const;
  // Waits until some message satisfies `match`; returns it.
  std::optional<CapturedMessage> wait_for(
      const std::function<bool(const CapturedMessage&)>& match,
      std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  // Publishes (e.g. a downlink command) with QoS 1; `retained` as an attacker might.
  void publish(const std::string& topic, const std::string& payload, bool retained = false);

 private:
  std::unique_ptr<mqtt::async_client> client_;
  struct Callback;
  std::unique_ptr<Callback> callback_;
  mutable std::mutex mutex_;
  std::vector<CapturedMessage> messages_;
};

}  // namespace sw::test
