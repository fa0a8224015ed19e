#include "uplink/mqtt_settings.hpp"

#include <fstream>

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
          "OpenSSL cipher list for TLS 1.2; empty: ECDHE/DHE with AES-GCM or ChaCha20 only, "
          "which rules out TLS 1.0 and 1.1 (a list set here must do that itself)");
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
    return o;
  }();
  return opts;
}

MqttSettings parse_mqtt_settings(const toml::table& table, const Context& ctx) {
  MqttSettings s;
  mqtt_options().parse(table, s, ctx, {"tls"});
  if (s.reconnect_min > s.reconnect_max)
    ctx.fail(node_of(table, table.contains("reconnect_min") ? "reconnect_min" : "reconnect_max"),
             table.contains("reconnect_min") ? "reconnect_min" : "reconnect_max",
             "reconnect_min (" + format_duration(s.reconnect_min) +
                 ") must not exceed reconnect_max (" + format_duration(s.reconnect_max) + ")");
  // MQTT 3.1.1 §3.1.2.9: a password flag requires the user name flag.
  if (!s.password.empty() && s.username.empty())
    ctx.fail(node_of(table, "password"), "password", "a password needs a username");
  if (const toml::table* tls = config::table_at(table, "tls", ctx)) {
    const Context tls_ctx = ctx.child("tls");
    tls_options().parse(*tls, s.tls, tls_ctx);
    check_tls(*tls, s.tls, tls_ctx);
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
