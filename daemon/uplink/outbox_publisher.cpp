// SPDX-License-Identifier: Apache-2.0
#include "uplink/outbox_publisher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/thread_name.hpp"
#include "core/ulid.hpp"

namespace sw::uplink {

namespace {

// Outbox messages fetched per query: big enough to keep the window full at full speed, small
// enough that an alarm added meanwhile waits for at most one batch of queries.
constexpr std::size_t kFetchBatch = 256;
// PUBACKed rows are deleted in batches: one outbox transaction per batch, not per message. Small
// and soon, because a kill re-sends whatever was delivered but not yet deleted: at most kAckBatch
// rows wait (plus the max_inflight window in flight), so a kill at any moment re-sends about 100
// messages, not a backlog (docs/messages.md, "Delivery").
constexpr std::size_t kAckBatch = 32;
constexpr Millis kAckFlushDelay{20};
// A look at the outbox even without notify(), in case a writer forgot to call it.
constexpr Millis kPollPeriod{1000};
// Replies waiting for a connection; beyond this the oldest is dropped (the platform asks again).
constexpr std::size_t kMaxQueuedReplies = 64;
// At stop: how long the "offline" status may take to be acknowledged, and the DISCONNECT.
constexpr Millis kShutdownStatusWait{1000};
constexpr Millis kDisconnectTimeout{500};

std::string seconds_text(Millis d) {
  return fmt::format("{:.1f}s", static_cast<double>(d.count()) / 1000.0);
}

}  // namespace

OutboxPublisher::OutboxPublisher(const MqttSettings& settings, Topics topics,
                                 MessageEncoder encoder, store::Outbox& outbox,
                                 std::int64_t session, std::unique_ptr<MqttLink> link,
                                 PublisherHooks hooks)
    : settings_(settings),
      topics_(std::move(topics)),
      encoder_(std::move(encoder)),
      outbox_(outbox),
      session_(session),
      hooks_(std::move(hooks)),
      log_name_("[mqtt:" + settings.client_id + "]"),
      link_(std::move(link)),
      reader_(outbox, kFetchBatch),
      backoff_(settings.reconnect_min, settings.reconnect_max) {
  state_.broker = link_->broker();
  state_.client_id = settings_.client_id;
  state_.session = session_;
}

OutboxPublisher::~OutboxPublisher() {
  stop();
}

void OutboxPublisher::start() {
  if (thread_.joinable()) return;
  link_->set_listener(this);
  thread_ = std::thread([this] { run(); });
}

void OutboxPublisher::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  link_->set_listener(nullptr);
}

void OutboxPublisher::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

void OutboxPublisher::send_reply(nlohmann::json body) {
  {
    std::lock_guard lock(mutex_);
    if (replies_.size() >= kMaxQueuedReplies) {
      replies_.pop_front();
      spdlog::warn("{} {} replies wait for a connection: the oldest was dropped", log_name_,
                   kMaxQueuedReplies);
    }
    replies_.push_back(std::move(body));
  }
  wake_.notify_all();
}

UplinkState OutboxPublisher::state() const {
  std::lock_guard lock(state_mutex_);
  return state_;
}

// ---- events from the MQTT library's threads: queued only ----

void OutboxPublisher::push_event(Event event) {
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = events_.empty();
    events_.push_back(std::move(event));
  }
  // The publisher takes the whole queue at once: only the first event since then needs to wake it
  // (at full speed that saves a wake-up per PUBACK).
  if (first) wake_.notify_all();
}

void OutboxPublisher::on_connected() {
  push_event(Connected{});
}
void OutboxPublisher::on_connect_failed(const std::string& reason) {
  push_event(ConnectFailed{reason});
}
void OutboxPublisher::on_connection_lost(const std::string& reason) {
  push_event(ConnectionLost{reason});
}
void OutboxPublisher::on_delivery(std::uint64_t tag, DeliveryOutcome outcome,
                                  const std::string& reason) {
  push_event(Delivery{tag, outcome, reason});
}
void OutboxPublisher::on_subscribed(const std::string& topic, bool ok, const std::string& reason) {
  push_event(Subscribed{topic, ok, reason});
}
void OutboxPublisher::on_message(const std::string& topic, std::string_view payload,
                                 bool retained) {
  if (topic == topics_.cmd() && hooks_.on_command) hooks_.on_command(payload, retained);
}

// ---- the publisher's thread ----

void OutboxPublisher::run() {
  name_this_thread("sw-publish");
  spdlog::info("{} publisher started: broker {}, session {}, window {}", log_name_, link_->broker(),
               session_, settings_.max_inflight);
  next_attempt_ = SteadyClock::now();
  std::deque<Event> events;
  while (true) {
    bool notified = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_wake(), [&] {
        return stop_ || notified_ || !events_.empty() ||
               (!replies_.empty() && phase_ == Phase::connected);
      });
      if (stop_) break;
      events.swap(events_);
      notified = std::exchange(notified_, false);
    }
    for (const auto& e : events) handle(e);
    events.clear();

    const SteadyTime now = SteadyClock::now();
    if (notified) reader_.new_messages();
    if (phase_ == Phase::disconnected && now >= next_attempt_) begin_connect();
    if (phase_ != Phase::connected) continue;
    if (now >= next_poll_) {
      reader_.new_messages();
      next_poll_ = now + kPollPeriod;
    }
    publish_replies();
    if (now >= next_heartbeat_) {
      publish_status(true, StatusReason::heartbeat);
      next_heartbeat_ = now + settings_.heartbeat;
    }
    flush_acks(false);
    fill_window();
  }
  shutdown();
  spdlog::info("{} publisher stopped", log_name_);
}

SteadyTime OutboxPublisher::next_wake() const {
  const SteadyTime now = SteadyClock::now();
  switch (phase_) {
    case Phase::disconnected:
      return next_attempt_;
    case Phase::connecting:
      return now + kPollPeriod;
    case Phase::connected:
      break;
  }
  SteadyTime wake = std::min(next_heartbeat_, next_poll_);
  if (!acked_rows_.empty()) wake = std::min(wake, first_ack_at_ + kAckFlushDelay);
  return wake;
}

void OutboxPublisher::handle(const Event& event) {
  std::visit(
      [this](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Connected>) {
          handle_connected();
        } else if constexpr (std::is_same_v<E, ConnectFailed>) {
          handle_connect_failed(e.reason);
        } else if constexpr (std::is_same_v<E, ConnectionLost>) {
          handle_connection_lost(e.reason);
        } else if constexpr (std::is_same_v<E, Delivery>) {
          handle_delivery(e);
        } else if constexpr (std::is_same_v<E, Subscribed>) {
          if (e.ok) {
            spdlog::info("{} subscribed to {}", log_name_, e.topic);
          } else {
            set_error("cannot subscribe to " + e.topic + ": " + e.reason);
            spdlog::error("{} cannot subscribe to {}: {}; downlink commands are not received",
                          log_name_, e.topic, e.reason);
          }
          std::lock_guard lock(state_mutex_);
          state_.commands_subscribed = e.ok;
        }
      },
      event);
}

void OutboxPublisher::begin_connect() {
  phase_ = Phase::connecting;
  {
    std::lock_guard lock(state_mutex_);
    ++state_.connect_attempts;
  }
  // The Will names the connection it belongs to: the one being attempted.
  const SessionNumber number{session_, connection_ + 1};
  LinkWill will{topics_.status(), status_payload(false, StatusReason::connection_lost, number)};
  spdlog::debug("{} connecting to {} (session {}.{})", log_name_, link_->broker(), number.session,
                number.connection);
  link_->connect(will);
}

void OutboxPublisher::handle_connected() {
  if (phase_ != Phase::connecting) return;
  phase_ = Phase::connected;
  ++connection_;
  connected_at_ = WallClock::now();
  backoff_.reset();
  // Everything still in the outbox is unacknowledged: read every lane from its start.
  reader_.reset();
  resync_after_drain_ = false;
  const SteadyTime now = SteadyClock::now();
  next_heartbeat_ = now + settings_.heartbeat;
  next_poll_ = now + kPollPeriod;
  std::size_t depth = 0;
  try {
    depth = outbox_.stats().depth;
  } catch (const std::exception& e) {
    spdlog::warn("{} cannot read the outbox depth: {}", log_name_, e.what());
  }
  {
    std::lock_guard lock(state_mutex_);
    state_.connected = true;
    state_.since = connected_at_;
    state_.connection = connection_;
    if (connection_ > 1) ++state_.reconnects;
    state_.commands_subscribed = false;
  }
  spdlog::info("{} connected to {} (session {}.{}), {} messages waiting in the outbox", log_name_,
               link_->broker(), session_, connection_, depth);
  publish_status(true, StatusReason::birth);
  link_->subscribe(topics_.cmd());
}

void OutboxPublisher::handle_connect_failed(const std::string& reason) {
  if (phase_ != Phase::connecting) return;
  phase_ = Phase::disconnected;
  const Millis wait = backoff_.next();
  next_attempt_ = SteadyClock::now() + wait;
  set_error(reason);
  spdlog::warn("{} cannot connect to {}: {}; next attempt in {}", log_name_, link_->broker(),
               reason, seconds_text(wait));
}

void OutboxPublisher::handle_connection_lost(const std::string& reason) {
  if (phase_ != Phase::connected) return;
  phase_ = Phase::disconnected;
  flush_acks(true);
  const std::size_t unacknowledged = in_flight_.size();
  in_flight_.clear();
  control_in_flight_.clear();
  reader_.reset();
  const Millis wait = backoff_.next();
  next_attempt_ = SteadyClock::now() + wait;
  set_error(reason);
  {
    std::lock_guard lock(state_mutex_);
    state_.connected = false;
    state_.since.reset();
    state_.in_flight = 0;
    state_.commands_subscribed = false;
  }
  spdlog::warn(
      "{} {} ({}); {} unacknowledged messages stay in the outbox and go again; "
      "reconnecting in {}",
      log_name_, reason, link_->broker(), unacknowledged, seconds_text(wait));
}

void OutboxPublisher::handle_delivery(const Delivery& d) {
  if (control_in_flight_.erase(d.tag) > 0) {
    if (d.outcome != DeliveryOutcome::ok)
      spdlog::warn("{} status or reply not delivered: {}", log_name_, d.reason);
    return;
  }
  const auto it = in_flight_.find(d.tag);
  if (it == in_flight_.end()) return;  // from a connection already given up: it goes again
  const InFlight sent = std::move(it->second);
  in_flight_.erase(it);
  switch (d.outcome) {
    case DeliveryOutcome::ok: {
      if (!refusals_.empty()) refusals_.erase(sent.row);
      if (acked_rows_.empty()) first_ack_at_ = SteadyClock::now();
      acked_rows_.push_back(sent.row);
      std::lock_guard lock(state_mutex_);
      ++state_.acknowledged;
      break;
    }
    case DeliveryOutcome::retry:
      // RETRY on a live connection: read the lanes again once what is in flight has settled, so the
      // message goes again in its place.
      resync_after_drain_ = true;
      spdlog::warn("{} message {} ({} lane) not acknowledged: {}; it stays in the outbox",
                   log_name_, sent.id, store::to_string(sent.lane), d.reason);
      break;
    case DeliveryOutcome::error:
    case DeliveryOutcome::rejected:
      handle_refusal(sent, d.reason, d.outcome == DeliveryOutcome::rejected);
      break;
  }
  {
    std::lock_guard lock(state_mutex_);
    state_.in_flight = in_flight_.size();
  }
  if (resync_after_drain_ && in_flight_.empty() && phase_ == Phase::connected) resync();
}

void OutboxPublisher::resync() {
  flush_acks(true);
  reader_.reset();
  resync_after_drain_ = false;
}

void OutboxPublisher::handle_refusal(const InFlight& m, const std::string& reason, bool for_good) {
  set_error("message " + m.id + " refused: " + reason);
  {
    std::lock_guard lock(state_mutex_);
    ++state_.refused;
  }
  const int refusals = ++refusals_[m.row];
  if (!for_good && refusals < kRefusalsBeforeSetAside) {
    // Perhaps passing (a broker quota): it goes again in its place once what is in flight settles.
    resync_after_drain_ = true;
    spdlog::error("{} message {} ({} lane, row {}) refused ({} of {}): {}; it goes again",
                  log_name_, m.id, store::to_string(m.lane), m.row, refusals,
                  kRefusalsBeforeSetAside, reason);
    return;
  }
  // Refused every time: set it aside so that it no longer goes first at every connection and
  // holds up its lane. Kept, listed by the console, put back from there (never dropped).
  try {
    outbox_.set_aside(m.row, reason);
  } catch (const std::exception& e) {
    spdlog::error("{} cannot set message {} aside: {}; it stays in the outbox", log_name_, m.id,
                  e.what());
    return;
  }
  refusals_.erase(m.row);
  spdlog::error(
      "{} message {} ({} lane, row {}) refused ({} times): {}; set aside as a dead letter "
      "(sitewatchctl outbox)",
      log_name_, m.id, store::to_string(m.lane), m.row, refusals, reason);
  std::lock_guard lock(state_mutex_);
  ++state_.set_aside;
}

void OutboxPublisher::fill_window() {
  const auto window = static_cast<std::size_t>(settings_.max_inflight);
  std::uint64_t published = 0, resent = 0;
  while (in_flight_.size() < window) {
    if (resync_after_drain_) {
      if (!in_flight_.empty()) break;  // handle_delivery() resyncs when the last one settles
      resync();
    }
    const store::OutboundMessage* m = nullptr;
    try {
      m = reader_.peek();
    } catch (const std::exception& e) {
      set_error(std::string("cannot read the outbox: ") + e.what());
      spdlog::error("{} cannot read the outbox: {}", log_name_, e.what());
      break;
    }
    if (m == nullptr) break;
    // 续传: a message created before this connection came up did not go out in real time.
    const bool is_resent = m->created < connected_at_;
    const std::uint64_t tag = ++next_tag_;
    const PublishResult r = link_->publish(
        tag, m->topic, is_resent ? encoder_.mark_resent(m->payload) : m->payload, false);
    if (r.outcome == DeliveryOutcome::retry) break;  // not now; an event will wake us
    if (r.outcome == DeliveryOutcome::error || r.outcome == DeliveryOutcome::rejected) {
      const InFlight refused{m->row, m->lane, m->id};
      reader_.pop();
      handle_refusal(refused, "refused by the client: " + r.reason,
                     r.outcome == DeliveryOutcome::rejected);
      continue;
    }
    in_flight_.emplace(tag, InFlight{m->row, m->lane, m->id});
    ++published;
    if (is_resent) ++resent;
    reader_.pop();
  }
  if (published > 0) {
    std::lock_guard lock(state_mutex_);
    state_.published += published;
    state_.resent += resent;
    state_.in_flight = in_flight_.size();
  }
}

void OutboxPublisher::flush_acks(bool force) {
  if (acked_rows_.empty()) return;
  if (!force && acked_rows_.size() < kAckBatch &&
      SteadyClock::now() < first_ack_at_ + kAckFlushDelay)
    return;
  try {
    outbox_.remove(acked_rows_);
    acked_rows_.clear();
  } catch (const std::exception& e) {
    // Kept and tried again: at worst the messages go once more (duplicates carry their id).
    set_error(std::string("cannot remove delivered messages from the outbox: ") + e.what());
    spdlog::error("{} cannot remove {} delivered messages from the outbox: {}", log_name_,
                  acked_rows_.size(), e.what());
    first_ack_at_ = SteadyClock::now();
  }
}

std::int64_t OutboxPublisher::next_seq() {
  if (hooks_.next_seq) {
    try {
      return hooks_.next_seq();
    } catch (const std::exception& e) {
      spdlog::warn("{} sequence source failed: {}", log_name_, e.what());
    }
  }
  return ++own_seq_;
}

std::string OutboxPublisher::status_payload(bool online, StatusReason reason,
                                            SessionNumber number) {
  nlohmann::json health;
  if (online && hooks_.health) {
    try {
      health = hooks_.health();
    } catch (const std::exception& e) {
      health = {{"error", std::string("health unavailable: ") + e.what()}};
    }
    if (!health.is_null() && !health.is_object()) health = {{"reported", std::move(health)}};
  }
  if (online) {
    std::lock_guard lock(state_mutex_);
    health["uplink"] = {{"reconnects", state_.reconnects},     {"published", state_.published},
                        {"acknowledged", state_.acknowledged}, {"in_flight", state_.in_flight},
                        {"refused", state_.refused},           {"set_aside", state_.set_aside}};
  }
  const WallTime now = WallClock::now();
  const std::optional<WallTime> since =
      online || reason == StatusReason::shutdown ? std::optional(connected_at_) : std::nullopt;
  return encoder_.wrap("status", status_body(online, reason, number, encoder_, since, health),
                       make_ulid(now), next_seq(), now);
}

void OutboxPublisher::publish_status(bool online, StatusReason reason) {
  publish_control(topics_.status(),
                  status_payload(online, reason, SessionNumber{session_, connection_}), true);
}

void OutboxPublisher::publish_control(const std::string& topic, const std::string& payload,
                                      bool retained) {
  const std::uint64_t tag = ++next_tag_;
  const PublishResult r = link_->publish(tag, topic, payload, retained);
  if (r.outcome == DeliveryOutcome::ok)
    control_in_flight_.insert(tag);
  else
    spdlog::warn("{} cannot publish on {}: {}", log_name_, topic, r.reason);
}

void OutboxPublisher::publish_replies() {
  std::deque<nlohmann::json> replies;
  {
    std::lock_guard lock(mutex_);
    replies.swap(replies_);
  }
  const WallTime now = WallClock::now();
  for (auto& body : replies)
    publish_control(topics_.reply(),
                    encoder_.wrap("reply", std::move(body), make_ulid(now), next_seq(), now),
                    false);
}

void OutboxPublisher::shutdown() {
  if (phase_ == Phase::connected) {
    // A clean DISCONNECT suppresses the Will: say "offline" ourselves, and wait a little for it.
    flush_acks(true);
    control_in_flight_.clear();
    publish_status(false, StatusReason::shutdown);
    const SteadyTime deadline = SteadyClock::now() + kShutdownStatusWait;
    std::deque<Event> events;
    while (!control_in_flight_.empty() && phase_ == Phase::connected &&
           SteadyClock::now() < deadline) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, deadline, [&] { return !events_.empty(); });
        events.swap(events_);
      }
      for (const auto& e : events) handle(e);
      events.clear();
    }
    flush_acks(true);
    link_->disconnect(kDisconnectTimeout);
    phase_ = Phase::disconnected;
  }
  link_->set_listener(nullptr);
  {
    // Events that raced in (late PUBACKs) still count as delivered.
    std::lock_guard lock(mutex_);
    for (const auto& e : events_)
      if (const auto* d = std::get_if<Delivery>(&e)) handle_delivery(*d);
    events_.clear();
  }
  flush_acks(true);
  std::lock_guard lock(state_mutex_);
  state_.connected = false;
  state_.since.reset();
  state_.in_flight = 0;
}

void OutboxPublisher::set_error(const std::string& text) {
  std::lock_guard lock(state_mutex_);
  state_.last_error = text;
  state_.last_error_at = WallClock::now();
}

}  // namespace sw::uplink
