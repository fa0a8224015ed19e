// SPDX-License-Identifier: Apache-2.0
#include "support/mosquitto_broker.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "support/free_port.hpp"
#include "support/wait_until.hpp"

namespace sw::test {

MosquittoBroker::MosquittoBroker(std::optional<BrokerTls> tls, int port)
    : MosquittoBroker(std::move(tls), port, BrokerOptions{}) {}

MosquittoBroker::MosquittoBroker(std::optional<BrokerTls> tls, int port, BrokerOptions options)
    : port_(port != 0 ? port : free_port()), tls_(std::move(tls)), options_(std::move(options)) {
  start();
}

MosquittoBroker::~MosquittoBroker() {
  stop();
}

std::string MosquittoBroker::uri() const {
  return std::string(tls_ ? "ssl" : "tcp") + "://127.0.0.1:" + std::to_string(port_);
}

void MosquittoBroker::start() {
  std::string conf = "listener " + std::to_string(port_) + " 127.0.0.1\nallow_anonymous true\n" +
                     (options_.persistence
                          ? "persistence true\npersistence_location " + dir_.path().string() + "/\n"
                          : std::string("persistence false\n")) +
                     // The platform side of a test sees everything: mosquitto's default drops
                     // QoS 1 messages beyond 1,000 queued for a subscriber that lags.
                     "max_queued_messages 0\nlog_dest stdout\n" +
                     (options_.quiet ? "log_type error\nlog_type warning\n" : "log_type all\n");
  // Started as root, mosquitto drops to its own user, which can neither read the test PKI nor
  // write its persistence file in these 0700 directories: stay root.
  if (::geteuid() == 0) conf += "user root\n";
  if (tls_) {
    conf += "cafile " + tls_->ca_file + "\ncertfile " + tls_->cert_file + "\nkeyfile " +
            tls_->key_file + "\n";
    if (tls_->require_client_cert) conf += "require_certificate true\n";
  }
  conf += options_.extra_config;
  const std::string conf_path = dir_.write("mosquitto.conf", conf);
  const char* exe =
      std::getenv("MOSQUITTO") != nullptr ? std::getenv("MOSQUITTO") : "/usr/sbin/mosquitto";
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{exe, "-c", conf_path},
                                            dir_.file("mosquitto.log"));
  if (!wait_until([&] { return port_accepts(port_) || !process_->running(); },
                  std::chrono::seconds(10)) ||
      !process_->running())
    throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " +
                             process_->log());
}

void MosquittoBroker::stop() {
  if (process_) process_->stop(5000);
}

void MosquittoBroker::kill() {
  if (process_) process_->kill_hard();
}

void MosquittoBroker::restart() {
  stop();
  start();
}

void MosquittoBroker::pause() {
  if (process_) process_->signal(SIGSTOP);
}

void MosquittoBroker::resume() {
  if (process_) process_->signal(SIGCONT);
}

std::string MosquittoBroker::log() const {
  return process_ ? process_->log() : std::string();
}

namespace {
void run(const std::string& cmd) {
  if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("command failed: " + cmd);
}
}  // namespace

TestPki::TestPki(const TempDir& dir) {
  const auto p = [&](const std::string& n) { return dir.file(n); };
  ca_cert = p("ca.crt");
  ca_key = p("ca.key");
  server_cert = p("server.crt");
  server_key = p("server.key");
  client_cert = p("client.crt");
  client_key = p("client.key");
  other_ca_cert = p("other-ca.crt");
  run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=sitewatch-test-ca -keyout " +
      ca_key + " -out " + ca_cert);
  run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout " +
      p("other-ca.key") + " -out " + other_ca_cert);
  dir.write("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  run("openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout " + server_key + " -out " +
      p("server.csr"));
  run("openssl x509 -req -days 2 -in " + p("server.csr") + " -CA " + ca_cert + " -CAkey " + ca_key +
      " -CAcreateserial -extfile " + p("server.ext") + " -out " + server_cert);
  run("openssl req -newkey rsa:2048 -nodes -subj /CN=gateway-client -keyout " + client_key +
      " -out " + p("client.csr"));
  run("openssl x509 -req -days 2 -in " + p("client.csr") + " -CA " + ca_cert + " -CAkey " + ca_key +
      " -CAcreateserial -out " + client_cert);
}

}  // namespace sw::test
