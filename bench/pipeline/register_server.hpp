// SPDX-License-Identifier: Apache-2.0
#pragma once
// A Modbus TCP server for the pipeline benchmarks, on a thread of the benchmark: every unit id is
// answered from one register map, so a generated site of any size needs one server. The benchmark
// flips registers while sitewatchd polls, and reads when the first request arrived (the daemon's
// first poll, seen from the device's side). Its CPU is the benchmark's, not the daemon's.
#include <modbus/modbus.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sw::bench {

class RegisterServer {
 public:
  using Clock = std::chrono::steady_clock;

  // `registers` holding and input registers (and as many coils and discrete inputs), all 0.
  explicit RegisterServer(int registers) {
    mapping_ = modbus_mapping_new(registers, registers, registers, registers);
    ctx_ = modbus_new_tcp("127.0.0.1", 0);
    if (mapping_ == nullptr || ctx_ == nullptr)
      throw std::runtime_error("libmodbus: out of memory");
    listen_fd_ = modbus_tcp_listen(ctx_, 64);
    if (listen_fd_ < 0) throw std::runtime_error(std::string("listen: ") + modbus_strerror(errno));
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~RegisterServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
    modbus_free(ctx_);
    modbus_mapping_free(mapping_);
  }
  RegisterServer(const RegisterServer&) = delete;
  RegisterServer& operator=(const RegisterServer&) = delete;

  int port() const { return port_; }

  // Sets a holding register; returns when it was set (what a latency is measured from).
  Clock::time_point set_holding(int address, std::uint16_t value) {
    std::lock_guard lock(mutex_);
    mapping_->tab_registers[address] = value;
    return Clock::now();
  }
  void fill_holding(std::uint16_t value) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < mapping_->nb_registers; ++i) mapping_->tab_registers[i] = value;
  }

  std::uint64_t requests() const { return requests_.load(); }
  // When the first request came; nullopt before.
  std::optional<Clock::time_point> first_request() const {
    const auto t = first_request_.load();
    if (t == 0) return std::nullopt;
    return Clock::time_point(Clock::duration(t));
  }

 private:
  void run() {
    std::set<int> clients;
    std::vector<std::uint8_t> query(MODBUS_TCP_MAX_ADU_LENGTH);
    while (!stop_) {
      fd_set readable;
      FD_ZERO(&readable);
      FD_SET(listen_fd_, &readable);
      int max_fd = listen_fd_;
      for (int fd : clients) {
        FD_SET(fd, &readable);
        max_fd = std::max(max_fd, fd);
      }
      timeval tv{0, 20'000};
      if (::select(max_fd + 1, &readable, nullptr, nullptr, &tv) <= 0) continue;
      if (FD_ISSET(listen_fd_, &readable)) {
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) clients.insert(fd);
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
        if (rc == 0) continue;
        auto expected = Clock::rep{0};
        first_request_.compare_exchange_strong(expected, Clock::now().time_since_epoch().count());
        ++requests_;
        std::lock_guard lock(mutex_);
        modbus_set_slave(ctx_, query[6]);  // answer as whichever unit was asked
        modbus_reply(ctx_, query.data(), rc, mapping_);
      }
    }
    for (int fd : clients) ::close(fd);
  }

  std::mutex mutex_;
  modbus_mapping_t* mapping_ = nullptr;
  modbus_t* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<Clock::rep> first_request_{0};
  std::thread thread_;
};

}  // namespace sw::bench
