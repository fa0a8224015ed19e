// SPDX-License-Identifier: Apache-2.0
// TLS to a real mosquitto: CA + client certificate connect; a wrong CA, a wrong host name or a
// missing client certificate are refused, with the reason in clear text.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "live_uplink.hpp"
#include "support/child_process.hpp"
#include "support/free_port.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using sw::test::BrokerTls;
using sw::test::MosquittoBroker;
using sw::test::TempDir;
using sw::test::TestPki;
using sw::test::wait_until;

namespace {

void openssl(const std::string& args) {
  REQUIRE(std::system(("openssl " + args + " >/dev/null 2>&1").c_str()) == 0);
}

// What the uplink logged while it lived.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(500)) {
    spdlog::default_logger()->sinks().push_back(sink_);
  }
  ~LogCapture() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
  }
  std::string text() const {
    std::string out;
    for (const auto& line : sink_->last_formatted()) out += line;
    return out;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

MqttSettings tls_settings(int port, const TestPki& pki) {
  MqttSettings s = fast_settings(port);
  s.tls.enabled = true;
  s.tls.ca_file = pki.ca_cert;
  s.tls.cert_file = pki.client_cert;
  s.tls.key_file = pki.client_key;
  return s;
}

// Runs an uplink until it delivered `count` messages or gave up; returns its state.
struct TlsAttempt {
  TlsAttempt(const MqttSettings& s, int count) {
    add_messages(outbox, MessageEncoder(test_identity(), MessageFormat{}), test_topics(),
                 store::Lane::alarm, 1, count);
    uplink =
        std::make_unique<Uplink>(s, test_identity(), MessageFormat{}, outbox, 7, CommandTable{});
    uplink->start();
  }
  store::MemoryOutbox outbox{1000};
  std::unique_ptr<Uplink> uplink;
};

}  // namespace

TEST_CASE("TLS with the platform's CA and a client certificate connects and delivers", "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  MosquittoBroker broker(BrokerTls{pki.ca_cert, pki.server_cert, pki.server_key, true});
  TlsAttempt a(tls_settings(broker.port(), pki), 10);
  REQUIRE(wait_until([&] { return a.outbox.stats().depth == 0; }, std::chrono::seconds(20)));
  CHECK(a.uplink->state().connected);
  CHECK(a.uplink->state().broker == "ssl://127.0.0.1:" + std::to_string(broker.port()));
  CHECK(a.uplink->state().acknowledged == 10);
}

TEST_CASE("an encrypted client key opens with its password, which is never logged", "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  const std::string encrypted = dir.file("client-enc.key");
  openssl("pkcs8 -topk8 -v2 aes-256-cbc -in " + pki.client_key + " -out " + encrypted +
          " -passout pass:hunter2-secret");
  MosquittoBroker broker(BrokerTls{pki.ca_cert, pki.server_cert, pki.server_key, true});
  LogCapture log;
  MqttSettings s = tls_settings(broker.port(), pki);
  s.tls.key_file = encrypted;
  s.tls.key_password = "hunter2-secret";
  s.username = "gw7";
  s.password = "platform-secret";
  TlsAttempt a(s, 3);
  REQUIRE(wait_until([&] { return a.outbox.stats().depth == 0; }, std::chrono::seconds(20)));
  a.uplink->stop();
  CHECK_THAT(log.text(), Catch::Contains("connected to ssl://127.0.0.1"));
  CHECK_THAT(log.text(), !Catch::Contains("hunter2-secret"));
  CHECK_THAT(log.text(), !Catch::Contains("platform-secret"));
}

TEST_CASE("a broker whose certificate is not from the configured CA is refused, in clear text",
          "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  MosquittoBroker broker(BrokerTls{pki.ca_cert, pki.server_cert, pki.server_key, true});
  LogCapture log;
  MqttSettings s = tls_settings(broker.port(), pki);
  s.tls.ca_file = pki.other_ca_cert;
  TlsAttempt a(s, 5);
  REQUIRE(
      wait_until([&] { return !a.uplink->state().last_error.empty(); }, std::chrono::seconds(20)));
  const UplinkState st = a.uplink->state();
  CHECK_FALSE(st.connected);
  // Paho C++ 1.2's TLS error callback is unusable (see paho_mqtt_link.cpp): the reason is
  // Paho's, with our hint at what it can mean.
  CHECK_THAT(st.last_error, Catch::Contains("TLS handshake refused"));
  CHECK_THAT(log.text(), Catch::Contains("cannot connect to ssl://127.0.0.1:" +
                                         std::to_string(broker.port()) + ": ") &&
                             Catch::Contains("TLS handshake refused"));
  CHECK(a.outbox.stats().depth == 5);  // nothing delivered, nothing lost
}

TEST_CASE("the broker's host name is verified unless the site turns it off", "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  // A certificate from the right CA, but for another host.
  const std::string key = dir.file("wrong.key"), csr = dir.file("wrong.csr"),
                    cert = dir.file("wrong.crt");
  dir.write("wrong.ext", "subjectAltName=DNS:wrong.example\n");
  openssl("req -newkey rsa:2048 -nodes -subj /CN=wrong.example -keyout " + key + " -out " + csr);
  openssl("x509 -req -days 2 -in " + csr + " -CA " + pki.ca_cert + " -CAkey " + pki.ca_key +
          " -CAcreateserial -extfile " + dir.file("wrong.ext") + " -out " + cert);
  MosquittoBroker broker(BrokerTls{pki.ca_cert, cert, key, false});

  MqttSettings s = tls_settings(broker.port(), pki);
  {
    TlsAttempt a(s, 1);
    REQUIRE(wait_until([&] { return !a.uplink->state().last_error.empty(); },
                       std::chrono::seconds(20)));
    CHECK_FALSE(a.uplink->state().connected);
    CHECK_THAT(a.uplink->state().last_error, Catch::Contains("does not name \"127.0.0.1\""));
    CHECK(a.outbox.stats().depth == 1);
  }
  s.tls.verify_hostname = false;
  TlsAttempt a(s, 1);
  REQUIRE(wait_until([&] { return a.outbox.stats().depth == 0; }, std::chrono::seconds(20)));
}

TEST_CASE("a broker that requires a client certificate refuses a gateway without one", "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  MosquittoBroker broker(BrokerTls{pki.ca_cert, pki.server_cert, pki.server_key, true});
  MqttSettings s = tls_settings(broker.port(), pki);
  s.tls.cert_file.clear();
  s.tls.key_file.clear();
  TlsAttempt a(s, 1);
  REQUIRE(wait_until([&] { return a.uplink->state().connect_attempts >= 2; },
                     std::chrono::seconds(20)));
  CHECK_FALSE(a.uplink->state().connected);
  CHECK_FALSE(a.uplink->state().last_error.empty());
  CHECK(a.outbox.stats().depth == 1);
}

TEST_CASE("a server that offers only TLS 1.1 is refused", "[tls]") {
  TempDir dir;
  const TestPki pki(dir);
  // Not a broker: openssl's test server, willing to speak TLS 1.1 with RSA key exchange — which
  // OpenSSL still accepts at the security level Paho sets.
  const int port = sw::test::free_port();
  sw::test::ChildProcess server(
      {"openssl", "s_server", "-www", "-accept", std::to_string(port), "-tls1_1", "-cipher",
       "AES128-SHA@SECLEVEL=0", "-cert", pki.server_cert, "-key", pki.server_key},
      dir.file("s_server.log"));
  REQUIRE(wait_until([&] { return sw::test::port_accepts(port); }));
  TlsAttempt a(tls_settings(port, pki), 1);
  REQUIRE(
      wait_until([&] { return !a.uplink->state().last_error.empty(); }, std::chrono::seconds(20)));
  CHECK_FALSE(a.uplink->state().connected);
  // Refused in the handshake, not later by MQTT: no TLS 1.1 session was ever established.
  CHECK_THAT(a.uplink->state().last_error, Catch::Contains("TLS handshake refused"));
  CHECK(a.uplink->state().connected == false);
}
