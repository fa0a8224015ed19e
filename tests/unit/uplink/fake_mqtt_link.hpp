// SPDX-License-Identifier: Apache-2.0
#pragma once
// An MqttLink without a broker: records what the publisher does and lets a test play the broker
// (accept or refuse a connection, drop it, acknowledge publishes, deliver a command).
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "uplink/mqtt_link.hpp"

namespace sw::uplink::test {

struct FakePublish {
  std::uint64_t tag = 0;
  std::string topic;
  std::string payload;
  bool retained = false;
  std::uint64_t connection = 0;  // which connection it went out on
  nlohmann::json json() const { return nlohmann::json::parse(payload, nullptr, false); }
};

class FakeMqttLink final : public MqttLink {
 public:
  // When set, connect() succeeds at once and every publish is acknowledged at once.
  bool auto_connect = false;
  bool auto_ack = false;
  // When set, publish() answers this instead of sending.
  std::function<std::optional<PublishResult>(const std::string& topic, const std::string& payload)>
      publish_override;

  void set_listener(LinkListener* listener) override {
    std::lock_guard lock(mutex_);
    listener_ = listener;
  }
  void connect(const LinkWill& will) override {
    bool accept;
    {
      std::lock_guard lock(mutex_);
      wills_.push_back(will);
      ++connect_calls_;
      accept = auto_connect;
    }
    if (accept) accept_connection();
  }
  PublishResult publish(std::uint64_t tag, const std::string& topic, const std::string& payload,
                        bool retained) override {
    if (publish_override)
      if (auto r = publish_override(topic, payload)) return *r;
    bool ack;
    {
      std::lock_guard lock(mutex_);
      if (!connected_) return {DeliveryOutcome::retry, "not connected"};
      publishes_.push_back({tag, topic, payload, retained, connection_});
      unacked_.push_back(tag);
      ack = auto_ack;
    }
    if (ack) acknowledge(tag);
    return {};
  }
  void subscribe(const std::string& topic) override {
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(topic);
  }
  void disconnect(Millis) override {
    std::lock_guard lock(mutex_);
    connected_ = false;
    ++disconnects_;
  }
  std::string broker() const override { return "fake://broker"; }

  // ---- the test plays the broker ----
  void accept_connection() {
    {
      std::lock_guard lock(mutex_);
      connected_ = true;
      ++connection_;
    }
    with_listener([](LinkListener& l) { l.on_connected(); });
  }
  void refuse_connection(const std::string& reason) {
    with_listener([&](LinkListener& l) { l.on_connect_failed(reason); });
  }
  void drop_connection(const std::string& reason) {
    {
      std::lock_guard lock(mutex_);
      connected_ = false;
      unacked_.clear();
    }
    with_listener([&](LinkListener& l) { l.on_connection_lost(reason); });
  }
  void acknowledge(std::uint64_t tag, DeliveryOutcome outcome = DeliveryOutcome::ok,
                   const std::string& reason = {}) {
    {
      std::lock_guard lock(mutex_);
      unacked_.erase(std::remove(unacked_.begin(), unacked_.end(), tag), unacked_.end());
    }
    with_listener([&](LinkListener& l) { l.on_delivery(tag, outcome, reason); });
  }
  // Acknowledges everything published and not yet acknowledged.
  void acknowledge_all() {
    std::vector<std::uint64_t> tags;
    {
      std::lock_guard lock(mutex_);
      tags.swap(unacked_);
    }
    for (auto t : tags)
      with_listener([&](LinkListener& l) { l.on_delivery(t, DeliveryOutcome::ok, {}); });
  }
  void deliver(const std::string& topic, const std::string& payload, bool retained = false) {
    with_listener([&](LinkListener& l) { l.on_message(topic, payload, retained); });
  }

  std::vector<FakePublish> publishes() const {
    std::lock_guard lock(mutex_);
    return publishes_;
  }
  // Publishes on a topic ending with `suffix` ("/alarm", "/status", ...).
  std::vector<FakePublish> publishes_on(const std::string& suffix) const {
    std::vector<FakePublish> out;
    for (auto& p : publishes())
      if (p.topic.size() >= suffix.size() &&
          p.topic.compare(p.topic.size() - suffix.size(), suffix.size(), suffix) == 0)
        out.push_back(p);
    return out;
  }
  std::size_t unacked() const {
    std::lock_guard lock(mutex_);
    return unacked_.size();
  }
  std::vector<LinkWill> wills() const {
    std::lock_guard lock(mutex_);
    return wills_;
  }
  int connect_calls() const {
    std::lock_guard lock(mutex_);
    return connect_calls_;
  }
  int disconnects() const {
    std::lock_guard lock(mutex_);
    return disconnects_;
  }
  std::vector<std::string> subscriptions() const {
    std::lock_guard lock(mutex_);
    return subscriptions_;
  }

 private:
  template <class F>
  void with_listener(F&& f) {
    LinkListener* l;
    {
      std::lock_guard lock(mutex_);
      l = listener_;
    }
    if (l != nullptr) f(*l);
  }

  mutable std::mutex mutex_;
  LinkListener* listener_ = nullptr;
  bool connected_ = false;
  std::uint64_t connection_ = 0;
  std::vector<LinkWill> wills_;
  std::vector<FakePublish> publishes_;
  std::vector<std::uint64_t> unacked_;
  std::vector<std::string> subscriptions_;
  int connect_calls_ = 0;
  int disconnects_ = 0;
};

}  // namespace sw::uplink::test
