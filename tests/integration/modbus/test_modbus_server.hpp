// SPDX-License-Identifier: Apache-2.0
#pragma once
// A real Modbus TCP server for the driver's integration tests, built on libmodbus's own server
// code and running on a thread of the test: several unit ids behind one port, registers the test
// sets, and switches a test flips while the driver runs (a unit that is silent, refuses addresses,
// reads only so many registers at once; connections dropped; the server stopped and started again
// on the same port). It records every request, so a test sees what reached the wire.
#include <modbus/modbus.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus::test {

class TestModbusServer {
 public:
  struct Request {
    int unit = 0;
    int function = 0;
    int start = 0;
    int count = 0;
  };

  // Listens on 127.0.0.1:port (0 picks a free port).
  explicit TestModbusServer(int port = 0) { start(port); }
  ~TestModbusServer() {
    stop();
    for (auto& [id, u] : units_) modbus_mapping_free(u.mapping);
  }
  TestModbusServer(const TestModbusServer&) = delete;
  TestModbusServer& operator=(const TestModbusServer&) = delete;

  int port() const { return port_; }

  // A unit with `size` registers (and bits) in every table, all 0.
  void add_unit(int unit, int size = 1000) {
    std::lock_guard lock(mutex_);
    Unit& u = units_[unit];
    if (u.mapping == nullptr) u.mapping = modbus_mapping_new(size, size, size, size);
  }
  void set_registers(int unit, Table table, int address, const std::vector<std::uint16_t>& values) {
    std::lock_guard lock(mutex_);
    modbus_mapping_t* m = units_.at(unit).mapping;
    std::uint16_t* tab = table == Table::holding ? m->tab_registers : m->tab_input_registers;
    for (std::size_t i = 0; i < values.size(); ++i)
      tab[static_cast<std::size_t>(address) + i] = values[i];
  }
  void set_bit(int unit, Table table, int address, bool value) {
    std::lock_guard lock(mutex_);
    modbus_mapping_t* m = units_.at(unit).mapping;
    std::uint8_t* tab = table == Table::coil ? m->tab_bits : m->tab_input_bits;
    tab[address] = value ? 1 : 0;
  }
  // A silent unit receives but never answers, like a slave that is switched off.
  void set_silent(int unit, bool silent) {
    std::lock_guard lock(mutex_);
    units_.at(unit).silent = silent;
  }
  // Requests touching [first, last] of any table are answered with exception 02.
  void refuse_addresses(int unit, int first, int last) {
    std::lock_guard lock(mutex_);
    units_.at(unit).refused = {first, last};
  }
  // More than `max` registers in one request is answered with exception 03.
  void set_max_registers(int unit, int max) {
    std::lock_guard lock(mutex_);
    units_.at(unit).max_registers = max;
  }

  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t requests_of(int unit) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : requests_) n += r.unit == unit;
    return n;
  }
  void clear_requests() {
    std::lock_guard lock(mutex_);
    requests_.clear();
  }
  std::size_t connections_accepted() const { return accepted_.load(); }

  // Closes every client connection; the server keeps listening.
  void disconnect_clients() { disconnect_.store(true); }

  // Stops listening and closes everything, as a device that is switched off.
  void stop() {
    if (!thread_.joinable()) return;
    stop_.store(true);
    thread_.join();
  }
  // Listens again on the same port.
  void restart() {
    stop();
    start(port_);
  }

 private:
  struct Unit {
    modbus_mapping_t* mapping = nullptr;
    bool silent = false;
    std::pair<int, int> refused{-1, -1};
    int max_registers = 125;
  };

  void start(int port) {
    ctx_ = modbus_new_tcp("127.0.0.1", port);
    if (ctx_ == nullptr) throw std::runtime_error("modbus_new_tcp failed");
    listen_fd_ = modbus_tcp_listen(ctx_, 16);
    if (listen_fd_ < 0) {
      modbus_free(ctx_);
      throw std::runtime_error(std::string("cannot listen: ") + modbus_strerror(errno));
    }
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    stop_.store(false);
    thread_ = std::thread([this] { run(); });
  }

  void run() {
    std::set<int> clients;
    std::vector<std::uint8_t> query(MODBUS_TCP_MAX_ADU_LENGTH);
    while (!stop_.load()) {
      if (disconnect_.exchange(false)) {
        for (int fd : clients) ::close(fd);
        clients.clear();
      }
      fd_set readable;
      FD_ZERO(&readable);
      FD_SET(listen_fd_, &readable);
      int max_fd = listen_fd_;
      for (int fd : clients) {
        FD_SET(fd, &readable);
        max_fd = std::max(max_fd, fd);
      }
      timeval tv{0, 5'000};
      if (::select(max_fd + 1, &readable, nullptr, nullptr, &tv) <= 0) continue;
      if (FD_ISSET(listen_fd_, &readable)) {
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) {
          clients.insert(fd);
          ++accepted_;
        }
      }
      for (int fd : std::set<int>(clients)) {
        if (!FD_ISSET(fd, &readable)) continue;
        modbus_set_socket(ctx_, fd);
        const int rc = modbus_receive(ctx_, query.data());
        if (rc < 0) {
          ::close(fd);
          clients.erase(fd);
          continue;
        }
        if (rc > 0) handle(query.data(), rc);
      }
    }
    for (int fd : clients) ::close(fd);
    ::close(listen_fd_);
    modbus_free(ctx_);
    ctx_ = nullptr;
  }

  void handle(const std::uint8_t* q, int length) {
    std::lock_guard lock(mutex_);
    Request r{q[6], q[7], (q[8] << 8) | q[9], (q[10] << 8) | q[11]};
    requests_.push_back(r);
    auto it = units_.find(r.unit);
    if (it == units_.end() || it->second.silent) return;
    const Unit& u = it->second;
    modbus_set_slave(ctx_, r.unit);
    const bool registers = r.function == 3 || r.function == 4;
    if (registers && r.count > u.max_registers) {
      modbus_reply_exception(ctx_, q, MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
      return;
    }
    if (r.start <= u.refused.second && r.start + r.count - 1 >= u.refused.first) {
      modbus_reply_exception(ctx_, q, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
      return;
    }
    modbus_reply(ctx_, q, length, u.mapping);
  }

 private:
  mutable std::mutex mutex_;
  std::map<int, Unit> units_;
  std::vector<Request> requests_;
  modbus_t* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> disconnect_{false};
  std::atomic<std::size_t> accepted_{0};
};

}  // namespace sw::modbus::test
