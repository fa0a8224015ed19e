// SPDX-License-Identifier: Apache-2.0
#pragma once
// One TCP connection to a camera, bounded in time: a non-blocking connect and every send/receive
// wait on poll() against one deadline, so a camera that drops SYNs, accepts and never answers, or
// trickles bytes costs at most its own timeout — never the other cameras'.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace sw::rtsp {

// What went wrong on the wire; the kind is counted in device_status ("timeout", "refused", ...).
enum class NetErrorKind { resolve, refused, unreachable, timeout, reset, closed, io };

std::string_view to_string(NetErrorKind kind);

class NetError : public std::runtime_error {
 public:
  NetError(NetErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  NetErrorKind kind() const { return kind_; }

 private:
  NetErrorKind kind_;
};

// An owned file descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

class TcpConnection {
 public:
  // Resolves `host` (numeric addresses without DNS) and connects before `deadline`, trying each
  // address in turn. Throws NetError.
  static TcpConnection connect(const std::string& host, std::uint16_t port, SteadyTime deadline);

  // Sends all of `data` before `deadline`. Throws NetError.
  void send_all(std::string_view data, SteadyTime deadline);
  // Receives what is available (at most `max` bytes), waiting until `deadline`. Throws NetError
  // (kind closed when the peer closed the connection).
  std::string receive_some(std::size_t max, SteadyTime deadline);

  bool is_open() const { return fd_.valid(); }
  void close() { fd_.reset(); }

 private:
  explicit TcpConnection(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sw::rtsp
