// SPDX-License-Identifier: Apache-2.0
// [mqtt] and [mqtt.tls]: defaults, every check, and errors that name file:line:column.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <toml++/toml.h>

#include "support/temp_dir.hpp"
#include "uplink/mqtt_settings.hpp"

using namespace sw;
using namespace sw::uplink;

namespace {

MqttSettings parse(const std::string& text) {
  const toml::table root = toml::parse(text, std::string("site.toml"));
  const toml::table* mqtt = root["mqtt"].as_table();
  REQUIRE(mqtt != nullptr);
  return parse_mqtt_settings(*mqtt, config::Context{"site.toml", "mqtt"});
}

// The message of the ConfigError parsing `text` throws.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an empty [mqtt] gives the documented defaults", "[mqtt_settings]") {
  const MqttSettings s = parse("[mqtt]\n");
  CHECK(s.host == "127.0.0.1");
  CHECK(s.port == 1883);
  CHECK(s.version == 4);
  CHECK(s.clean_session);
  CHECK(s.keepalive == Millis{30'000});
  CHECK(s.reconnect_min == Millis{1'000});
  CHECK(s.reconnect_max == Millis{60'000});
  CHECK(s.max_inflight == 64);
  CHECK(s.heartbeat == Millis{30'000});
  CHECK(s.max_command_bytes == 4096);
  CHECK(s.max_resend_range == Millis{86'400'000});
  CHECK_FALSE(s.tls.enabled);
  CHECK(s.tls.verify_hostname);
  CHECK(s.client_id.empty());  // the site config fills it from the gateway id
  CHECK(broker_uri(s) == "tcp://127.0.0.1:1883");
}

TEST_CASE("a full [mqtt] with [mqtt.tls] is read", "[mqtt_settings]") {
  sw::test::TempDir dir;
  const std::string ca = dir.write("ca.crt", "x"), cert = dir.write("c.crt", "x"),
                    key = dir.write("c.key", "x");
  const MqttSettings s = parse(R"([mqtt]
host = "platform.example.cn"
port = 8883
client_id = "gw-7"
topic_prefix = "ah/v1"
username = "gw7"
password = "s3cret"
version = 5
keepalive = "20s"
reconnect_min = "500ms"
reconnect_max = "2m"
max_inflight = 32
heartbeat = "1m"
max_command_bytes = 8192
max_resend_range = "7d"
[mqtt.tls]
enabled = true
ca_file = ")" + ca + R"("
cert_file = ")" + cert + R"("
key_file = ")" + key + R"("
key_password = "k"
verify_hostname = false
)");
  CHECK(s.host == "platform.example.cn");
  CHECK(s.port == 8883);
  CHECK(s.version == 5);
  CHECK(s.keepalive == Millis{20'000});
  CHECK(s.reconnect_min == Millis{500});
  CHECK(s.reconnect_max == Millis{120'000});
  CHECK(s.max_resend_range == Millis{7 * 86'400'000LL});
  CHECK(s.tls.enabled);
  CHECK(s.tls.ca_file == ca);
  CHECK(s.tls.key_password == "k");
  CHECK_FALSE(s.tls.verify_hostname);
  CHECK(broker_uri(s) == "ssl://platform.example.cn:8883");
}

TEST_CASE("an IPv6 broker address is bracketed in the URI", "[mqtt_settings]") {
  CHECK(broker_uri(parse("[mqtt]\nhost = \"::1\"\n")) == "tcp://[::1]:1883");
}

TEST_CASE("bad [mqtt] values are refused with their place and what is allowed", "[mqtt_settings]") {
  CHECK(error_of("[mqtt]\nport = 0\n") == "site.toml:2:8: mqtt.port: expected a value in 1..65535");
  CHECK_THAT(error_of("[mqtt]\nport = 70000\n"), Catch::Contains("1..65535"));
  CHECK_THAT(error_of("[mqtt]\nport = \"1883\"\n"), Catch::Contains("expected an integer"));
  CHECK_THAT(error_of("[mqtt]\nversion = 3\n"),
             Catch::Contains("mqtt.version: expected 4 (MQTT 3.1.1) or 5 (MQTT 5)"));
  CHECK_THAT(error_of("[mqtt]\nhst = \"x\"\n"),
             Catch::Contains(
                 "site.toml:2:1: mqtt.hst: unknown key; allowed are: allow_plaintext_password, "
                 "clean_session, client_id") &&
                 Catch::Contains("tls"));
  CHECK_THAT(error_of("[mqtt]\nkeepalive = 30\n"), Catch::Contains("a unit is required"));
  CHECK_THAT(error_of("[mqtt]\nkeepalive = \"1500ms\"\n"), Catch::Contains("whole seconds"));
  CHECK_THAT(error_of("[mqtt]\nmax_inflight = 0\n"), Catch::Contains("1..1000"));
  CHECK_THAT(error_of("[mqtt]\ntopic_prefix = \"a/#\"\n"), Catch::Contains("'+', '#'"));
  CHECK_THAT(error_of("[mqtt]\ntopic_prefix = \"/a\"\n"), Catch::Contains("leading/trailing"));
  CHECK_THAT(error_of("[mqtt]\nhost = \"tcp://x\"\n"), Catch::Contains("without scheme"));
  CHECK_THAT(error_of("[mqtt]\nmax_command_bytes = 10\n"), Catch::Contains("256..1048576"));
}

TEST_CASE("reconnect_min may not exceed reconnect_max", "[mqtt_settings]") {
  CHECK(error_of("[mqtt]\nreconnect_min = \"10s\"\nreconnect_max = \"5s\"\n") ==
        "site.toml:2:17: mqtt.reconnect_min: reconnect_min (10s) must not exceed reconnect_max "
        "(5s)");
  // Against the default maximum too.
  CHECK_THAT(error_of("[mqtt]\nreconnect_min = \"2m\"\n"), Catch::Contains("reconnect_max (1m)"));
}

TEST_CASE("a password needs a username", "[mqtt_settings]") {
  CHECK_THAT(error_of("[mqtt]\npassword = \"p\"\n"),
             Catch::Contains("site.toml:2:12: mqtt.password: a password needs a username"));
}

TEST_CASE("TLS keys are checked together", "[mqtt_settings]") {
  sw::test::TempDir dir;
  const std::string key = dir.write("c.key", "x");
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nkey_file = \"" + key + "\"\n"),
             Catch::Contains("mqtt.tls.key_file: a private key without a certificate"));
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nkey_password = \"k\"\n"),
             Catch::Contains("mqtt.tls.key_password: a key password without a client certificate"));
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nca_file = \"/etc/ca.crt\"\n"),
             Catch::Contains("site.toml:3:11: mqtt.tls.ca_file: TLS is not enabled"));
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nca_file = \"/nonexistent/ca.crt\"\n"),
             Catch::Contains("mqtt.tls.ca_file: cannot read \"/nonexistent/ca.crt\""));
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nverify = false\n"),
             Catch::Contains("mqtt.tls.verify: unknown key; allowed are: ca_file"));
  CHECK_THAT(error_of("[mqtt]\ntls = true\n"), Catch::Contains("mqtt.tls: expected a table"));
}

TEST_CASE("the key password never appears in an error", "[mqtt_settings]") {
  const std::string e =
      error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nkey_password = \"hunter2\"\n");
  CHECK_THAT(e, !Catch::Contains("hunter2"));
}

// Issue 19, item 8: the broker password is not sent where the wire can be read.
TEST_CASE("a password over plain tcp:// to a non-loopback host is refused unless allowed",
          "[mqtt_settings]") {
  CHECK_THAT(
      error_of("[mqtt]\nhost = \"broker.example.cn\"\nusername = \"gw\"\npassword = \"p\"\n"),
      Catch::Contains("site.toml:4:12: mqtt.password: a password sent in clear over tcp:// "
                      "to \"broker.example.cn\""));
  CHECK(parse("[mqtt]\nhost = \"broker.example.cn\"\nusername = \"gw\"\npassword = \"p\"\n"
              "allow_plaintext_password = true\n")
            .password == "p");
  CHECK(parse("[mqtt]\nhost = \"127.0.0.1\"\nusername = \"gw\"\npassword = \"p\"\n").password ==
        "p");
  CHECK(parse("[mqtt]\nhost = \"localhost\"\nusername = \"gw\"\npassword = \"p\"\n").password ==
        "p");
}

TEST_CASE("a cipher list that TLS 1.0 or 1.1 could use is refused: 1.2 is the minimum",
          "[mqtt_settings]") {
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nciphers = \"AES128-SHA\"\n"),
             Catch::Contains("mqtt.tls.ciphers: cipher AES128-SHA can be used with"));
  CHECK_THAT(error_of("[mqtt]\n[mqtt.tls]\nenabled = true\nciphers = \"ECDHE-RSA-AES128-GCM-SHA256:"
                      "ECDHE-RSA-AES128-SHA\"\n"),
             Catch::Contains("cipher ECDHE-RSA-AES128-SHA can be used with"));
  CHECK(parse("[mqtt]\n[mqtt.tls]\nenabled = true\nciphers = \"ECDHE-RSA-AES128-GCM-SHA256\"\n")
            .tls.ciphers == "ECDHE-RSA-AES128-GCM-SHA256");
}

// Issue 19, item 3: the platform's key is read at load, and must be kept from other users.
TEST_CASE("[mqtt.commands] key_file is read at load and refused when others may read it",
          "[mqtt_settings]") {
  sw::test::TempDir dir;
  const std::string key = dir.write("command.key", std::string(64, 'a') + "\n");
  REQUIRE(::chmod(key.c_str(), 0640) == 0);
  const MqttSettings s = parse("[mqtt]\n[mqtt.commands]\nkey_file = \"" + key + "\"\n");
  CHECK(s.commands.key == std::string(64, 'a'));
  CHECK(s.commands.max_skew == Millis{300'000});
  REQUIRE(::chmod(key.c_str(), 0644) == 0);
  CHECK_THAT(error_of("[mqtt]\n[mqtt.commands]\nkey_file = \"" + key + "\"\n"),
             Catch::Contains("mqtt.commands.key_file: \"" + key + "\" is readable by every user"));
  const std::string short_key = dir.write("short.key", "abc\n");
  REQUIRE(::chmod(short_key.c_str(), 0600) == 0);
  CHECK_THAT(error_of("[mqtt]\n[mqtt.commands]\nkey_file = \"" + short_key + "\"\n"),
             Catch::Contains("is 3 bytes; at least 32 are needed"));
}
