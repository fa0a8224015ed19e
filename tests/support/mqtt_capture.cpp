// SPDX-License-Identifier: Apache-2.0
#include "support/mqtt_capture.hpp"

#include <mqtt/async_client.h>

#include "support/wait_until.hpp"

namespace sw::test {

struct MqttCapture::Callback : public virtual mqtt::callback {
  explicit Callback(MqttCapture& owner) : owner_(owner) {}
  void message_arrived(mqtt::const_message_ptr msg) override {
    std::lock_guard lock(owner_.mutex_);
    owner_.messages_.push_back(
        {msg->get_topic(), msg->to_string(), msg->is_retained(), std::chrono::steady_clock::now()});
  }
  MqttCapture& owner_;
};

MqttCapture::MqttCapture(const std::string& uri, const std::string& topic_filter)
    : MqttCapture(uri, topic_filter, CaptureOptions{}) {}

MqttCapture::MqttCapture(const std::string& uri, const std::string& topic_filter,
                         CaptureOptions options)
    : client_(std::make_unique<mqtt::async_client>(
          uri, !options.client_id.empty()
                   ? options.client_id
                   : "capture-" + std::to_string(::getpid()) + "-" +
                         std::to_string(reinterpret_cast<std::uintptr_t>(this)))),
      callback_(std::make_unique<Callback>(*this)) {
  client_->set_callback(*callback_);
  auto builder = mqtt::connect_options_builder().clean_session(!options.persistent_session);
  if (options.auto_reconnect)
    builder.automatic_reconnect(std::chrono::milliseconds(100), std::chrono::seconds(1));
  client_->connect(builder.finalize())->wait();
  client_->subscribe(topic_filter, 1)->wait();
}

MqttCapture::~MqttCapture() {
  try {
    client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (...) {
  }
}

std::vector<CapturedMessage> MqttCapture::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::size_t MqttCapture::count() const {
  std::lock_guard lock(mutex_);
  return messages_.size();
}

std::optional<CapturedMessage> MqttCapture::wait_for(
    const std::function<bool(const CapturedMessage&)>& match,
    std::chrono::milliseconds timeout) const {
  std::optional<CapturedMessage> found;
  wait_until(
      [&] {
        std::lock_guard lock(mutex_);
        for (const auto& m : messages_)
          if (match(m)) {
            found = m;
            return true;
          }
        return false;
      },
      timeout, std::chrono::milliseconds(10));
  return found;
}

void MqttCapture::publish(const std::string& topic, const std::string& payload, bool retained) {
  client_->publish(topic, payload.data(), payload.size(), 1, retained)->wait();
}

}  // namespace sw::test
