// SPDX-License-Identifier: Apache-2.0
#pragma once
// The publisher: one thread that drains the outbox to the broker and keeps the connection.
//  - QoS 1, lanes in priority order (alarm, event, status, telemetry), each lane in row order;
//  - at most max_inflight messages awaiting PUBACK; a message leaves the outbox only on its PUBACK
//    (removed in batches);
//  - on a lost connection nothing is forgotten: after reconnecting, every lane is read again from
//    the start, so everything unacknowledged goes again — marked resent when it was created before
//    the connection came up;
//  - reconnects itself with capped exponential backoff and jitter (Paho's automatic reconnect is
//    off);
//  - a retained status: birth on every connect, heartbeat with health, "offline" on a clean stop,
//    and the Will for an unclean end — all carrying session and connection numbers.
// The publisher says OK / RETRY / ERROR about each message; the outbox keeps it until OK. A message
// refused (ERROR) goes again in its place at once; refused kRefusalsBeforeSetAside times, or once
// for what it is (REJECTED: not authorized, too large), it is set aside as a dead letter
// (outbox.hpp) so that it no longer holds up its lane.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/outbox.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/mqtt_link.hpp"
#include "uplink/mqtt_settings.hpp"
#include "uplink/outbox_reader.hpp"
#include "uplink/reconnect_backoff.hpp"
#include "uplink/status_message.hpp"
#include "uplink/topics.hpp"
#include "uplink/uplink_state.hpp"

namespace sw::uplink {

struct PublisherHooks {
  // Gateway health for birth and heartbeat (uptime, devices online, outbox depth, last error).
  // Called on the publisher's thread: must be quick and thread-safe.
  std::function<nlohmann::json()> health;
  // The sequence number of messages the uplink makes itself (status, replies); without it the
  // publisher counts from 1 per process.
  std::function<std::int64_t()> next_seq;
  // A payload arrived on …/cmd. Called on the MQTT library's thread: must only queue.
  std::function<void(std::string_view payload, bool retained)> on_command;
};

class OutboxPublisher final : private LinkListener {
 public:
  static constexpr int kRefusalsBeforeSetAside = 3;

  // `session`: the daemon's persisted start counter.
  OutboxPublisher(const MqttSettings& settings, Topics topics, MessageEncoder encoder,
                  store::Outbox& outbox, std::int64_t session, std::unique_ptr<MqttLink> link,
                  PublisherHooks hooks);
  ~OutboxPublisher() override;  // stops
  OutboxPublisher(const OutboxPublisher&) = delete;
  OutboxPublisher& operator=(const OutboxPublisher&) = delete;

  void start();
  // Publishes the retained "offline" status (waiting at most a second for its PUBACK), disconnects
  // cleanly and joins. Returns within about two seconds even with the broker gone.
  void stop();
  // New messages are in the outbox.
  void notify();
  // A reply body for …/reply; published while connected (a few wait for the next connection).
  void send_reply(nlohmann::json body);
  UplinkState state() const;

 private:
  struct Connected {};
  struct ConnectFailed {
    std::string reason;
  };
  struct ConnectionLost {
    std::string reason;
  };
  struct Delivery {
    std::uint64_t tag;
    DeliveryOutcome outcome;
    std::string reason;
  };
  struct Subscribed {
    std::string topic;
    bool ok;
    std::string reason;
  };
  using Event = std::variant<Connected, ConnectFailed, ConnectionLost, Delivery, Subscribed>;

  struct InFlight {
    std::int64_t row;
    store::Lane lane;
    std::string id;
  };

  enum class Phase { disconnected, connecting, connected };

  // LinkListener: the MQTT library's threads queue events here.
  void on_connected() override;
  void on_connect_failed(const std::string& reason) override;
  void on_connection_lost(const std::string& reason) override;
  void on_delivery(std::uint64_t tag, DeliveryOutcome outcome, const std::string& reason) override;
  void on_subscribed(const std::string& topic, bool ok, const std::string& reason) override;
  void on_message(const std::string& topic, std::string_view payload, bool retained) override;
  void push_event(Event event);

  // The publisher's thread and what only it touches.
  void run();
  void handle(const Event& event);
  void handle_connected();
  void handle_connect_failed(const std::string& reason);
  void handle_connection_lost(const std::string& reason);
  void handle_delivery(const Delivery& delivery);
  // `for_good`: the refusal judges the message itself (DeliveryOutcome::rejected): set aside now.
  void handle_refusal(const InFlight& message, const std::string& reason, bool for_good);
  void begin_connect();
  void fill_window();
  // Reads every lane again from its start (what failed goes again in its place).
  void resync();
  void flush_acks(bool force);
  void publish_status(bool online, StatusReason reason);
  void publish_control(const std::string& topic, const std::string& payload, bool retained);
  void publish_replies();
  void shutdown();
  std::string status_payload(bool online, StatusReason reason, SessionNumber number);
  std::int64_t next_seq();
  void set_error(const std::string& text);
  SteadyTime next_wake() const;

  const MqttSettings settings_;
  const Topics topics_;
  const MessageEncoder encoder_;
  store::Outbox& outbox_;
  const std::int64_t session_;
  const PublisherHooks hooks_;
  const std::string log_name_;  // "[mqtt:<client id>]"
  std::unique_ptr<MqttLink> link_;

  // Shared with the library's threads and callers.
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Event> events_;
  std::deque<nlohmann::json> replies_;  // bodies, encoded when sent
  bool notified_ = false;
  bool stop_ = false;

  mutable std::mutex state_mutex_;
  UplinkState state_;

  // The publisher's thread only.
  Phase phase_ = Phase::disconnected;
  OutboxReader reader_;
  ReconnectBackoff backoff_;
  std::uint64_t connection_ = 0;
  WallTime connected_at_{};
  SteadyTime next_attempt_{};
  SteadyTime next_heartbeat_{};
  SteadyTime next_poll_{};
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::unordered_set<std::uint64_t> control_in_flight_;  // status and replies
  std::vector<std::int64_t> acked_rows_;                 // PUBACKed, not yet removed
  SteadyTime first_ack_at_{};
  bool resync_after_drain_ = false;  // a message failed on a live connection: read lanes again
  std::unordered_map<std::int64_t, int> refusals_;  // by outbox row, until delivered or set aside
  std::uint64_t next_tag_ = 0;
  std::int64_t own_seq_ = 0;
  std::thread thread_;
};

}  // namespace sw::uplink
