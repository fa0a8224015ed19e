// SPDX-License-Identifier: Apache-2.0
#include "uplink/paho_mqtt_link.hpp"

#include <MQTTAsync.h>
#include <mqtt/async_client.h>

#include <stdexcept>

#include "uplink/tls_error_text.hpp"

namespace sw::uplink {

namespace {

// MQTT 3.1.1 §3.2.2.3: CONNACK return codes.
std::string connack_text(int rc) {
  switch (rc) {
    case 1:
      return "refused: unacceptable protocol version";
    case 2:
      return "refused: client identifier rejected";
    case 3:
      return "refused: server unavailable";
    case 4:
      return "refused: bad user name or password";
    case 5:
      return "refused: not authorized";
    default:
      return {};
  }
}

// Paho keeps the C library's failure message inside the token and hands it out only through the
// exception a completed, failed token throws on wait().
std::string failure_message(const mqtt::token& tok) {
  try {
    const_cast<mqtt::token&>(tok).wait();
  } catch (const mqtt::exception& e) {
    return e.get_message();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// One line: what failed, with the MQTT 5 reason or the library's words.
// MQTT 5 PUBACK reasons that judge the message itself, not the moment: sending it again gets the
// same answer. (0x83 is mosquitto's answer to a payload over its message_size_limit.)
bool refused_for_good(int reason) {
  switch (reason) {
    case 0x83:  // implementation specific error
    case 0x87:  // not authorized
    case 0x90:  // topic name invalid
    case 0x95:  // packet too large
    case 0x99:  // payload format invalid
      return true;
    default:
      return false;
  }
}

std::string describe_failure(const mqtt::token& tok, int mqtt_version) {
  const int rc = tok.get_return_code();
  const int reason = tok.get_reason_code();
  std::string text;
  if (mqtt_version < 5 && rc > 0) text = connack_text(rc);
  if (text.empty() && mqtt_version >= 5 && reason >= 0x80)
    text = mqtt::exception::reason_code_str(reason) + " (MQTT 5 reason " + std::to_string(reason) +
           ")";
  if (text.empty()) {
    text = mqtt::exception::error_str(rc);
    const std::string detail = failure_message(tok);
    if (!detail.empty() && detail != text) text += text.empty() ? detail : ": " + detail;
    if (text.empty()) text = "error " + std::to_string(rc);
  }
  return text;
}

bool retry_later(int rc) {
  switch (rc) {
    case MQTTASYNC_DISCONNECTED:
    case MQTTASYNC_MAX_MESSAGES_INFLIGHT:
    case MQTTASYNC_NO_MORE_MSGIDS:
    case MQTTASYNC_OPERATION_INCOMPLETE:
    case MQTTASYNC_MAX_BUFFERED_MESSAGES:
    case MQTTASYNC_COMMAND_IGNORED:
    case MQTTASYNC_MAX_BUFFERED:
    case MQTTASYNC_FAILURE:
      return true;
    default:
      return false;
  }
}

// TLS 1.2 suites with forward secrecy and AEAD only (Mozilla's "intermediate" list). Paho 1.3
// cannot set a minimum protocol version and lowers OpenSSL's security level to 1, where a TLS 1.1
// handshake with RSA key exchange still succeeds; with no suite a TLS 1.0/1.1 server can agree
// to, this list is what makes "TLS 1.2 or later" true. TLS 1.3 suites are configured apart by
// OpenSSL and stay at its defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";

// Room for the fixed header, the topic and properties of a PUBLISH around a command's payload.
constexpr std::size_t kPacketOverhead = 1024;

std::uint64_t tag_of(const mqtt::token& tok) {
  return reinterpret_cast<std::uintptr_t>(tok.get_user_context());
}

}  // namespace

class PahoMqttLink::Events final : public virtual mqtt::callback {
 public:
  Events(int mqtt_version, bool tls, std::string host)
      : connect_(*this),
        publish_(*this),
        subscribe_(*this),
        mqtt_version_(mqtt_version),
        tls_(tls),
        host_(std::move(host)) {}

  void set_listener(LinkListener* listener) {
    std::lock_guard lock(listener_mutex_);
    listener_ = listener;
  }

  // The listener only queues, so holding the lock while calling it is cheap, and set_listener
  // (nullptr) returning means no event is being delivered any more.
  template <class F>
  void emit(F&& f) {
    std::lock_guard lock(listener_mutex_);
    if (listener_ != nullptr) f(*listener_);
  }

  void connection_lost(const std::string& cause) override {
    std::string reason = "connection lost";
    {
      std::lock_guard lock(text_mutex_);
      if (!disconnect_reason_.empty()) reason += ": " + std::exchange(disconnect_reason_, {});
    }
    if (!cause.empty()) reason += " (" + cause + ")";
    emit([&](LinkListener& l) { l.on_connection_lost(reason); });
  }
  void message_arrived(mqtt::const_message_ptr msg) override {
    // get_payload(): a reference, no copy; the listener checks the size before keeping anything.
    const auto& payload = msg->get_payload();
    emit([&](LinkListener& l) {
      l.on_message(msg->get_topic(), std::string_view(payload.data(), payload.size()),
                   msg->is_retained());
    });
  }

  // TLS failures are reported by OpenSSL through this handler, before the connect fails with a
  // generic code: keep the words so the console and the log can say "certificate verify failed".
  void note_tls_error(const std::string& text) {
    std::lock_guard lock(text_mutex_);
    if (!tls_error_.empty()) tls_error_ += "; ";
    if (tls_error_.size() < 1024) tls_error_ += text;
  }
  void note_disconnect_reason(const std::string& text) {
    std::lock_guard lock(text_mutex_);
    disconnect_reason_ = text;
  }
  void clear_texts() {
    std::lock_guard lock(text_mutex_);
    tls_error_.clear();
    disconnect_reason_.clear();
  }
  std::string take_tls_error() {
    std::lock_guard lock(text_mutex_);
    return std::exchange(tls_error_, {});
  }

  struct ConnectListener final : public virtual mqtt::iaction_listener {
    explicit ConnectListener(Events& owner) : owner_(owner) {}
    void on_success(const mqtt::token&) override {
      owner_.take_tls_error();
      owner_.emit([](LinkListener& l) { l.on_connected(); });
    }
    void on_failure(const mqtt::token& tok) override {
      std::string reason = describe_failure(tok, owner_.mqtt_version_);
      const std::string tls = tls_error_text(owner_.take_tls_error());
      if (!tls.empty()) {
        reason = "TLS: " + tls;
      } else if (owner_.tls_ && tok.get_return_code() == MQTTASYNC_FAILURE) {
        // Paho says no more than "TCP/TLS connect failure" for a refused port, a refused
        // handshake and a certificate that does not name the host alike.
        reason +=
            " (broker unreachable, TLS handshake refused, or its certificate does not name \"" +
            owner_.host_ + "\")";
      }
      owner_.emit([&](LinkListener& l) { l.on_connect_failed(reason); });
    }
    Events& owner_;
  };

  struct PublishListener final : public virtual mqtt::iaction_listener {
    explicit PublishListener(Events& owner) : owner_(owner) {}
    void on_success(const mqtt::token& tok) override {
      // MQTT 5: a PUBACK below 0x80 is a success ("no matching subscribers" included).
      const int reason = tok.get_reason_code();
      if (owner_.mqtt_version_ >= 5 && reason >= 0x80) {
        on_refused(tok);
        return;
      }
      owner_.emit([&](LinkListener& l) { l.on_delivery(tag_of(tok), DeliveryOutcome::ok, {}); });
    }
    void on_failure(const mqtt::token& tok) override {
      if (owner_.mqtt_version_ >= 5 && tok.get_reason_code() >= 0x80) {
        on_refused(tok);
        return;
      }
      const std::string reason = describe_failure(tok, owner_.mqtt_version_);
      owner_.emit(
          [&](LinkListener& l) { l.on_delivery(tag_of(tok), DeliveryOutcome::retry, reason); });
    }
    void on_refused(const mqtt::token& tok) {
      const std::string reason = "broker refused: " + describe_failure(tok, owner_.mqtt_version_);
      const DeliveryOutcome outcome = refused_for_good(tok.get_reason_code())
                                          ? DeliveryOutcome::rejected
                                          : DeliveryOutcome::error;
      owner_.emit([&](LinkListener& l) { l.on_delivery(tag_of(tok), outcome, reason); });
    }
    Events& owner_;
  };

  struct SubscribeListener final : public virtual mqtt::iaction_listener {
    explicit SubscribeListener(Events& owner) : owner_(owner) {}
    void on_success(const mqtt::token& tok) override {
      const int reason = tok.get_reason_code();
      const bool ok = !(owner_.mqtt_version_ >= 5 && reason >= 0x80);
      const std::string text = ok ? std::string() : describe_failure(tok, owner_.mqtt_version_);
      emit_result(tok, ok, text);
    }
    void on_failure(const mqtt::token& tok) override {
      emit_result(tok, false, describe_failure(tok, owner_.mqtt_version_));
    }
    void emit_result(const mqtt::token& tok, bool ok, const std::string& reason) {
      const auto topics = tok.get_topics();
      const std::string topic = topics && !topics->empty() ? (*topics)[0] : std::string();
      owner_.emit([&](LinkListener& l) { l.on_subscribed(topic, ok, reason); });
    }
    Events& owner_;
  };

  ConnectListener connect_;
  PublishListener publish_;
  SubscribeListener subscribe_;

 private:
  const int mqtt_version_;
  const bool tls_;
  const std::string host_;
  std::mutex listener_mutex_;
  LinkListener* listener_ = nullptr;
  std::mutex text_mutex_;
  std::string tls_error_;
  std::string disconnect_reason_;
};

PahoMqttLink::PahoMqttLink(MqttSettings settings)
    : settings_(std::move(settings)),
      uri_(broker_uri(settings_)),
      events_(std::make_unique<Events>(settings_.version, settings_.tls.enabled, settings_.host)) {
  const int version = settings_.version >= 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
  try {
    // No persistence object: Paho keeps nothing on disk; the outbox is the persistence.
    client_ = std::make_unique<mqtt::async_client>(uri_, settings_.client_id,
                                                   mqtt::create_options(version), nullptr);
  } catch (const mqtt::exception& e) {
    throw std::invalid_argument("MQTT client for " + uri_ + " as \"" + settings_.client_id +
                                "\": " + e.what());
  }
  client_->set_callback(*events_);
  if (version == MQTTVERSION_5) {
    Events* events = events_.get();
    client_->set_disconnected_handler([events](const mqtt::properties&, mqtt::ReasonCode code) {
      events->note_disconnect_reason("broker sent DISCONNECT: " +
                                     mqtt::exception::reason_code_str(code));
    });
  }
}

PahoMqttLink::~PahoMqttLink() {
  events_->set_listener(nullptr);
  try {
    // Destroying a connected client leaves Paho's threads with tokens pointing at it.
    if (client_->is_connected()) client_->disconnect(0)->wait_for(std::chrono::seconds(1));
  } catch (const std::exception&) {
    // Nothing more to do at destruction: the connection goes with the client.
  }
  client_.reset();
}

void PahoMqttLink::set_listener(LinkListener* listener) {
  events_->set_listener(listener);
}

void PahoMqttLink::connect(const LinkWill& will) {
  const bool v5 = settings_.version >= 5;
  mqtt::connect_options_builder b;
  b.mqtt_version(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
  if (v5) {
    b.clean_start(settings_.clean_session);
    // MQTT 5 §3.1.2.11.4 Maximum Packet Size: the broker must not send us anything larger, so an
    // oversized command never reaches this process (the limit adds room for topic and header).
    mqtt::properties props{{mqtt::property::MAXIMUM_PACKET_SIZE,
                            static_cast<int>(settings_.max_command_bytes + kPacketOverhead)}};
    // MQTT 5 ends a session at disconnect unless it has an expiry: keep it a week when asked to
    // keep sessions (commands sent while the gateway was away wait for it).
    if (!settings_.clean_session)
      props.add({mqtt::property::SESSION_EXPIRY_INTERVAL, 7 * 24 * 3600});
    b.properties(props);
  } else {
    b.clean_session(settings_.clean_session);
  }
  b.keep_alive_interval(std::chrono::duration_cast<std::chrono::seconds>(settings_.keepalive))
      .connect_timeout(std::chrono::duration_cast<std::chrono::seconds>(settings_.connect_timeout))
      .automatic_reconnect(false)
      // Above the publisher's window: status, heartbeat and replies travel outside it.
      .max_inflight(settings_.max_inflight + 16)
      .will(mqtt::will_options(will.topic, will.payload, 1, true));
  if (!settings_.username.empty()) b.user_name(settings_.username);
  if (!settings_.password.empty()) b.password(settings_.password);
  if (settings_.tls.enabled) {
    const TlsSettings& t = settings_.tls;
    mqtt::ssl_options_builder s;
    if (!t.ca_file.empty()) s.trust_store(t.ca_file);
    if (!t.cert_file.empty()) s.key_store(t.cert_file);
    if (!t.key_file.empty()) s.private_key(t.key_file);
    if (!t.key_password.empty()) s.private_keypassword(t.key_password);
    s.enabled_cipher_suites(t.ciphers.empty() ? kTls12Ciphers : t.ciphers);
    // Ignored by Paho 1.3 with OpenSSL ≥ 1.1 (see kTls12Ciphers); states the intent.
    s.ssl_version(MQTT_SSL_VERSION_TLS_1_2).enable_server_cert_auth(true).verify(t.verify_hostname);
    // No ssl_options::error_handler(): Paho C++ 1.2 hands the C library a pointer to an
    // ssl_options copy that is gone by the time a handshake fails, so the OpenSSL error queue was
    // delivered through a dangling pointer (a crash under ASan). Until a Paho with the fix is in
    // Debian, a failed handshake reads as Paho's "TCP/TLS connect failure" with our hint below.
    b.ssl(s.finalize());
  }
  events_->clear_texts();
  try {
    client_->connect(b.finalize(), nullptr, events_->connect_);
  } catch (const mqtt::exception& e) {
    const std::string reason = std::string("cannot start connecting: ") + e.what();
    events_->emit([&](LinkListener& l) { l.on_connect_failed(reason); });
  }
}

PublishResult PahoMqttLink::publish(std::uint64_t tag, const std::string& topic,
                                    const std::string& payload, bool retained) {
  try {
    client_->publish(topic, payload.data(), payload.size(), 1, retained,
                     reinterpret_cast<void*>(static_cast<std::uintptr_t>(tag)), events_->publish_);
    return {};
  } catch (const mqtt::exception& e) {
    const int rc = e.get_return_code();
    return {retry_later(rc) ? DeliveryOutcome::retry : DeliveryOutcome::error, e.what()};
  }
}

void PahoMqttLink::subscribe(const std::string& topic) {
  try {
    client_->subscribe(topic, 1, nullptr, events_->subscribe_);
  } catch (const mqtt::exception& e) {
    const std::string reason = e.what();
    events_->emit([&](LinkListener& l) { l.on_subscribed(topic, false, reason); });
  }
}

void PahoMqttLink::disconnect(Millis timeout) {
  try {
    auto tok = client_->disconnect(static_cast<int>(timeout.count()));
    tok->wait_for(timeout + Millis{200});
  } catch (const mqtt::exception&) {
    // Not connected: nothing to end.
  }
}

}  // namespace sw::uplink
