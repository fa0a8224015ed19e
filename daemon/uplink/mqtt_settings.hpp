#pragma once
// The [mqtt] section: how to reach the platform's broker.
#include <string>

#include "config/options.hpp"
#include "core/clock.hpp"

namespace sw::uplink {

struct TlsSettings {
  bool enabled = false;
  std::string ca_file;           // trust these CAs (PEM); empty: the system store
  std::string cert_file;         // client certificate (PEM), for brokers that require one
  std::string key_file;          // its private key
  std::string key_password;      // never logged
  bool verify_hostname = true;
  std::string ciphers;           // OpenSSL cipher list; empty: library default (TLS 1.2+)
};

struct MqttSettings {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;         // default: the gateway id
  std::string topic_prefix = "sitewatch";
  std::string username;
  std::string password;          // never logged
  int version = 4;               // 4 = MQTT 3.1.1, 5 = MQTT 5
  bool clean_session = true;     // the outbox, not the broker session, keeps undelivered messages
  Millis keepalive{30'000};
  Millis connect_timeout{10'000};
  Millis reconnect_min{1'000};   // capped exponential backoff with jitter between these
  Millis reconnect_max{60'000};
  int max_inflight = 64;         // QoS 1 messages awaiting PUBACK
  Millis heartbeat{30'000};      // retained status with gateway health
  std::size_t max_command_bytes = 4096;  // larger downlink commands are rejected
  TlsSettings tls;
};

const config::Options<MqttSettings>& mqtt_options();
const config::Options<TlsSettings>& tls_options();

// Parses [mqtt] (with its [mqtt.tls] table). `gateway_id` fills an empty client id.
MqttSettings parse_mqtt_settings(const toml::table& table, const config::Context& ctx);

}  // namespace sw::uplink
