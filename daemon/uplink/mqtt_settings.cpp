// SPDX-License-Identifier: Apache-2.0
#include "uplink/mqtt_settings.hpp"

#include <openssl/ssl.h>

#include <fstream>
#include <memory>
#include <optional>

#include "core/hmac_sha256.hpp"

namespace sw::uplink {

namespace {

using config::Context;
using config::Options;

bool valid_topic_prefix(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.back() == '/') return false;
  if (p.find_first_of("+#") != std::string::npos || p.find('\0') != std::string::npos) return false;
  return p.find("//") == std::string::npos;
}

bool whole_seconds(Millis d) {
  return d.count() % 1000 == 0;
}

// The node of `key` in `table` when present, else the table itself: where an error points.
const toml::node& node_of(const toml::table& table, const std::string& key) {
  const toml::node* n = table.get(key);
  return n != nullptr ? *n : static_cast<const toml::node&>(table);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Paho cannot set a minimum TLS version, so the cipher list is what keeps TLS 1.0 and 1.1 out: a
// list naming a suite that an older version can negotiate is refused, whatever it is.
std::optional<std::string> cipher_list_problem(const std::string& ciphers) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
  if (!ctx) return "OpenSSL cannot make a TLS context to check it";
  if (SSL_CTX_set_cipher_list(ctx.get(), ciphers.c_str()) != 1)
    return std::string("OpenSSL accepts none of these ciphers");
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
  if (!ssl) return "OpenSSL cannot make a TLS session to check it";
  const STACK_OF(SSL_CIPHER)* list = SSL_get_ciphers(ssl.get());
  for (int i = 0; i < sk_SSL_CIPHER_num(list); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(list, i);
    const std::string version = SSL_CIPHER_get_version(c);
    if (version != "TLSv1.2" && version != "TLSv1.3")
      return std::string("cipher ") + SSL_CIPHER_get_name(c) + " can be used with " + version +
             "; list only TLS 1.2 suites (AEAD with ECDHE or DHE), so TLS 1.0 and 1.1 stay out";
  }
  return std::nullopt;
}

void check_tls(const toml::table& table, const TlsSettings& tls, const Context& ctx) {
  if (!tls.enabled) {
    for (const auto& [key, node] : table)
      if (key.str() != "enabled")
        ctx.fail(node, std::string(key.str()),
                 "TLS is not enabled: set enabled = true or remove this key");
    return;
  }
  if (!tls.key_file.empty() && tls.cert_file.empty())
    ctx.fail(node_of(table, "key_file"), "key_file",
             "a private key without a certificate: set cert_file too");
  if (!tls.key_password.empty() && tls.cert_file.empty())
    ctx.fail(node_of(table, "key_password"), "key_password",
             "a key password without a client certificate: set cert_file (and key_file)");
  if (!tls.ciphers.empty()) {
    if (auto problem = cipher_list_problem(tls.ciphers))
      ctx.fail(node_of(table, "ciphers"), "ciphers", *problem);
  }
  // A missing file would otherwise surface as an opaque TLS failure at every connect attempt.
  for (const auto& [key, path] : {std::pair<std::string, std::string>{"ca_file", tls.ca_file},
                                  {"cert_file", tls.cert_file},
                                  {"key_file", tls.key_file}}) {
    if (path.empty()) continue;
    std::ifstream in(path);
    if (!in) ctx.fail(node_of(table, key), key, "cannot read \"" + path + "\"");
  }
}

}  // namespace

const Options<TlsSettings>& tls_options() {
  static const auto opts = [] {
    Options<TlsSettings> o("mqtt.tls");
    o.add("enabled", &TlsSettings::enabled, "connect with TLS (ssl://)");
    o.add("ca_file", &TlsSettings::ca_file,
          "CA certificates (PEM) the broker's certificate must chain to; empty: the system store");
    o.add("cert_file", &TlsSettings::cert_file,
          "client certificate (PEM), for brokers that require one");
    o.add("key_file", &TlsSettings::key_file,
          "the client certificate's private key (PEM); empty: in cert_file");
    o.add("key_password", &TlsSettings::key_password,
          "password of an encrypted private key (never logged)");
    o.add("verify_hostname", &TlsSettings::verify_hostname,
          "check that the broker's certificate names the host connected to");
    o.add("ciphers", &TlsSettings::ciphers,
          "OpenSSL cipher list for TLS 1.2; empty: ECDHE/DHE with AES-GCM or ChaCha20 only; a "
          "list naming a suite TLS 1.0 or 1.1 could use is refused (TLS 1.2 is the minimum)");
    return o;
  }();
  return opts;
}

const Options<CommandAuthSettings>& command_auth_options() {
  static const auto opts = [] {
    Options<CommandAuthSettings> o("mqtt.commands");
    o.add("key_file", &CommandAuthSettings::key_file,
          "the platform's HMAC-SHA256 key (at least 32 bytes, not world-readable); ack_alarm and "
          "resend must then be signed; empty: commands are not signed (--check-config warns)");
    o.add("max_skew", &CommandAuthSettings::max_skew,
          "how far a signed command's time may be from the gateway's clock")
        .between(Millis{1'000}, Millis{3'600'000});
    return o;
  }();
  return opts;
}

const Options<MqttSettings>& mqtt_options() {
  static const auto opts = [] {
    Options<MqttSettings> o("mqtt");
    o.add("host", &MqttSettings::host, "broker host name or address")
        .check(
            [](const MqttSettings& s) {
              return !s.host.empty() && s.host.find_first_of(" /\t") == std::string::npos;
            },
            "expected a host name or address, without scheme, port or spaces");
    o.add("port", &MqttSettings::port, "broker TCP port").between(1, 65535);
    o.add("client_id", &MqttSettings::client_id,
          "MQTT client id; empty: \"sitewatch-<gateway id>\"")
        .check([](const MqttSettings& s) { return s.client_id.size() <= 128; },
               "expected at most 128 characters");
    o.add("topic_prefix", &MqttSettings::topic_prefix,
          "first topic level: {prefix}/{enterprise}/{gateway}/...")
        .check([](const MqttSettings& s) { return valid_topic_prefix(s.topic_prefix); },
               "expected topic levels without '+', '#', empty levels or a leading/trailing '/'");
    o.add("username", &MqttSettings::username, "user name at the broker");
    o.add("password", &MqttSettings::password, "password at the broker (never logged)");
    o.add("allow_plaintext_password", &MqttSettings::allow_plaintext_password,
          "allow a password over plain tcp:// to a host other than loopback (it can be read on "
          "the wire)");
    o.add("version", &MqttSettings::version, "MQTT protocol: 4 (3.1.1) or 5")
        .check([](const MqttSettings& s) { return s.version == 4 || s.version == 5; },
               "expected 4 (MQTT 3.1.1) or 5 (MQTT 5)");
    o.add("clean_session", &MqttSettings::clean_session,
          "start every connection with a clean session (the outbox keeps what is undelivered)");
    o.add("keepalive", &MqttSettings::keepalive,
          "MQTT keep-alive; the broker publishes the Will after 1.5 times this without traffic")
        .between(Millis{1'000}, Millis{65'535'000})
        .check([](const MqttSettings& s) { return whole_seconds(s.keepalive); },
               "expected whole seconds");
    o.add("connect_timeout", &MqttSettings::connect_timeout, "give up a connection attempt after")
        .between(Millis{1'000}, Millis{300'000})
        .check([](const MqttSettings& s) { return whole_seconds(s.connect_timeout); },
               "expected whole seconds");
    o.add("reconnect_min", &MqttSettings::reconnect_min,
          "first wait before reconnecting (doubles per failure, with jitter)")
        .between(Millis{100}, Millis{3'600'000});
    o.add("reconnect_max", &MqttSettings::reconnect_max, "longest wait before reconnecting")
        .between(Millis{100}, Millis{86'400'000});
    o.add("max_inflight", &MqttSettings::max_inflight,
          "QoS 1 messages sent and not yet acknowledged (PUBACK)")
        .between(1, 1000);
    o.add("heartbeat", &MqttSettings::heartbeat,
          "period of the retained status message with gateway health")
        .between(Millis{1'000}, Millis{86'400'000});
    o.add("max_command_bytes", &MqttSettings::max_command_bytes,
          "larger downlink commands are rejected unread")
        .between(256, 1'048'576);
    o.add("max_resend_range", &MqttSettings::max_resend_range,
          "the longest time range one resend command may ask for")
        .between(Millis{60'000}, Millis{7'776'000'000});
    o.add("resend_budget", &MqttSettings::resend_budget,
          "bytes of resent telemetry per hour, at most; past it a resend is refused until the "
          "oldest leaves the hour (one resend at a time, at most one every 10 s)")
        .check([](const MqttSettings& s) { return s.resend_budget.bytes >= (1 << 20); },
               "expected at least 1MB");
    return o;
  }();
  return opts;
}

MqttSettings parse_mqtt_settings(const toml::table& table, const Context& ctx) {
  MqttSettings s;
  mqtt_options().parse(table, s, ctx, {"tls", "commands"});
  if (s.reconnect_min > s.reconnect_max)
    ctx.fail(node_of(table, table.contains("reconnect_min") ? "reconnect_min" : "reconnect_max"),
             table.contains("reconnect_min") ? "reconnect_min" : "reconnect_max",
             "reconnect_min (" + format_duration(s.reconnect_min) +
                 ") must not exceed reconnect_max (" + format_duration(s.reconnect_max) + ")");
  // MQTT 3.1.1 §3.1.2.9: a password flag requires the user name flag.
  if (!s.password.empty() && s.username.empty())
    ctx.fail(node_of(table, "password"), "password", "a password needs a username");
  // The TLS table is read below; whether it is enabled is known from the text already.
  bool tls_enabled = false;
  if (const toml::table* tls = table["tls"].as_table())
    tls_enabled = (*tls)["enabled"].value_or(false);
  if (!s.password.empty() && !tls_enabled && !is_loopback(s.host) && !s.allow_plaintext_password)
    ctx.fail(node_of(table, "password"), "password",
             "a password sent in clear over tcp:// to \"" + s.host +
                 "\": enable [mqtt.tls], or set allow_plaintext_password = true if the network "
                 "to the broker is trusted");
  if (const toml::table* tls = config::table_at(table, "tls", ctx)) {
    const Context tls_ctx = ctx.child("tls");
    tls_options().parse(*tls, s.tls, tls_ctx);
    check_tls(*tls, s.tls, tls_ctx);
  }
  if (const toml::table* commands = config::table_at(table, "commands", ctx)) {
    const Context commands_ctx = ctx.child("commands");
    command_auth_options().parse(*commands, s.commands, commands_ctx);
    if (!s.commands.key_file.empty()) {
      try {
        s.commands.key = read_key_file(s.commands.key_file);
      } catch (const std::exception& e) {
        commands_ctx.fail(node_of(*commands, "key_file"), "key_file", e.what());
      }
    }
  }
  return s;
}

std::string broker_uri(const MqttSettings& settings) {
  const bool ipv6 = settings.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + settings.host + "]" : settings.host;
  return std::string(settings.tls.enabled ? "ssl://" : "tcp://") + host + ":" +
         std::to_string(settings.port);
}

}  // namespace sw::uplink
