// SPDX-License-Identifier: Apache-2.0
#pragma once
// A real mosquitto broker for a test: own config, loopback, a free port, optional TLS listener.
#include <memory>
#include <optional>
#include <string>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace sw::test {

struct BrokerTls {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  bool require_client_cert = false;
};

// More of the broker's config for tests that need it.
struct BrokerOptions {
  // Keep sessions and retained messages across stop()/restart() (saved at SIGTERM), so a
  // persistent-session subscriber misses nothing while the broker is down.
  bool persistence = false;
  bool quiet = false;        // log errors and warnings only (benchmarks: "all" logs every packet)
  std::string extra_config;  // appended to mosquitto.conf
};

class MosquittoBroker {
 public:
  // Starts the broker and waits until it accepts connections.
  explicit MosquittoBroker(std::optional<BrokerTls> tls = std::nullopt, int port = 0);
  MosquittoBroker(std::optional<BrokerTls> tls, int port, BrokerOptions options);
  ~MosquittoBroker();
  int port() const { return port_; }
  int pid() const { return process_ ? process_->pid() : -1; }  // e.g. to read its CPU time
  std::string uri() const;
  void stop();     // SIGTERM and wait
  void kill();     // SIGKILL
  void restart();  // starts again on the same port
  void pause();    // SIGSTOP: connections stay open, nothing is answered (no PUBACK)
  void resume();   // SIGCONT
  std::string log() const;

 private:
  void start();
  TempDir dir_;
  int port_;
  std::optional<BrokerTls> tls_;
  BrokerOptions options_;
  std::unique_ptr<ChildProcess> process_;
};

// A TLS test PKI made with openssl: a CA, a server certificate for "localhost"/127.0.0.1, a client
// certificate, and a second unrelated CA (to prove a wrong CA is refused).
struct TestPki {
  explicit TestPki(const TempDir& dir);
  std::string ca_cert, ca_key, server_cert, server_key, client_cert, client_key, other_ca_cert;
};

}  // namespace sw::test
