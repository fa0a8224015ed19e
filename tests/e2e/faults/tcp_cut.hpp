// SPDX-License-Identifier: Apache-2.0
#pragma once
// A TCP relay (socat) between the daemon and the broker that a test can cut: killed with SIGKILL,
// both of its connections close without an MQTT DISCONNECT, as when a network cable is pulled and
// the peer's kernel resets the connection. The broker stays up, so it must publish the Will.
#include <signal.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "support/child_process.hpp"
#include "support/free_port.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace sw::test::faults {

class TcpCut {
 public:
  TcpCut(int target_port, const TempDir& log_dir)
      : port_(free_port()), target_port_(target_port), log_dir_(log_dir) {
    start();
  }
  ~TcpCut() { cut(); }
  TcpCut(const TcpCut&) = delete;
  TcpCut& operator=(const TcpCut&) = delete;

  int port() const { return port_; }

  // Kills the relay and every connection it carries (socat forks one process per connection; they
  // share its process group).
  void cut() {
    if (!process_) return;
    ::kill(-process_->pid(), SIGKILL);
    process_->kill_hard();
    process_.reset();
  }

  // Relays again, on the same port.
  void restore() {
    cut();
    start();
  }

 private:
  void start() {
    ++runs_;
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "socat", "TCP-LISTEN:" + std::to_string(port_) + ",bind=127.0.0.1,reuseaddr,fork",
            "TCP:127.0.0.1:" + std::to_string(target_port_)},
        log_dir_.file("socat-" + std::to_string(runs_) + ".log"));
    if (!wait_until([&] { return port_accepts(port_) || !process_->running(); }) ||
        !process_->running())
      throw std::runtime_error("socat did not listen on " + std::to_string(port_) + ": " +
                               process_->log());
  }

  int port_;
  int target_port_;
  const TempDir& log_dir_;
  int runs_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sw::test::faults
