// SPDX-License-Identifier: Apache-2.0
#pragma once
// Modbus TCP server: many clients at once (select loop), several unit ids behind one port.
#include <atomic>
#include <functional>
#include <string>

#include "register_image.hpp"
#include "scenario.hpp"

namespace sw::sim {

class TcpServer {
 public:
  TcpServer(const Scenario& scenario, RegisterImage& image, const std::string& host, int port);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  int port() const { return port_; }
  void run(const std::atomic<bool>& stop, const std::function<double()>& scenario_time);

 private:
  const Scenario& scenario_;
  RegisterImage& image_;
  modbus_t* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
};

}  // namespace sw::sim
