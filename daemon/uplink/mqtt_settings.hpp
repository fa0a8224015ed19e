// SPDX-License-Identifier: Apache-2.0
#pragma once
// The [mqtt] section (with its [mqtt.tls] table): how to reach the platform's broker.
#include <cstddef>
#include <string>

#include "core/byte_size.hpp"
#include "core/clock.hpp"
#include "options/options.hpp"

namespace sw::uplink {

struct TlsSettings {
  bool enabled = false;
  std::string ca_file;       // trust these CAs (PEM); empty: the system store
  std::string cert_file;     // client certificate (PEM), for brokers that require one
  std::string key_file;      // its private key (PEM); empty: the key is in cert_file
  std::string key_password;  // never logged
  bool verify_hostname = true;
  // OpenSSL cipher list for TLS 1.2; empty: ECDHE/DHE with AES-GCM or ChaCha20 only, which also
  // rules out TLS 1.0 and 1.1 (TLS 1.3 suites are OpenSSL's defaults).
  std::string ciphers;

  bool operator==(const TlsSettings&) const = default;
};

// [mqtt.commands]: how the gateway knows a command comes from the platform (docs/messages.md
// "Signed commands"). With a key, ack_alarm and resend must carry a valid HMAC-SHA256 signature
// made within max_skew of the gateway's clock.
struct CommandAuthSettings {
  std::string key_file;      // the platform's HMAC key; empty: commands are not signed (warned)
  Millis max_skew{300'000};  // a signed command's time may differ this much from the gateway's
  std::string key;           // read from key_file when the config is loaded; never logged
  bool operator==(const CommandAuthSettings&) const = default;
};

struct MqttSettings {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;  // default (filled by the site config): "sitewatch-<gateway id>"
  std::string topic_prefix = "sitewatch";
  std::string username;
  std::string password;                   // never logged
  bool allow_plaintext_password = false;  // a password over tcp:// to a non-loopback host
  int version = 4;                        // 4 = MQTT 3.1.1, 5 = MQTT 5
  // The outbox, not the broker session, keeps undelivered messages; a persistent session only
  // keeps downlink commands sent while the gateway was away.
  bool clean_session = true;
  Millis keepalive{30'000};
  Millis connect_timeout{10'000};
  Millis reconnect_min{1'000};  // capped exponential backoff with jitter between these
  Millis reconnect_max{60'000};
  int max_inflight = 64;                 // QoS 1 messages awaiting PUBACK
  Millis heartbeat{30'000};              // retained status with gateway health
  std::size_t max_command_bytes = 4096;  // larger downlink commands are rejected
  Millis max_resend_range{86'400'000};   // the longest time range a resend command may ask for
  ByteSize resend_budget{32LL << 20};    // resent telemetry per hour, at most (resend_governor)
  TlsSettings tls;
  CommandAuthSettings commands;

  bool operator==(const MqttSettings&) const = default;
};

const config::Options<MqttSettings>& mqtt_options();
const config::Options<TlsSettings>& tls_options();
const config::Options<CommandAuthSettings>& command_auth_options();

// Parses [mqtt] with its [mqtt.tls] table; rejects unknown keys and inconsistent combinations
// (reconnect_min > reconnect_max, a key without a certificate, TLS keys with TLS disabled, ...).
// Throws config::ConfigError naming file:line:column. The client id stays empty when not given:
// the site config fills it from the gateway id.
MqttSettings parse_mqtt_settings(const toml::table& table, const config::Context& ctx);

// "tcp://host:port" or "ssl://host:port" (IPv6 literals in brackets).
std::string broker_uri(const MqttSettings& settings);

}  // namespace sw::uplink
