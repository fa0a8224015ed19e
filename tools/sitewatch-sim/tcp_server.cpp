// SPDX-License-Identifier: Apache-2.0
#include "tcp_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <set>
#include <stdexcept>
#include <vector>

#include "unit_responder.hpp"

namespace sw::sim {

namespace {
// Fixed by the Modbus TCP spec: the MBAP header is 7 bytes, the unit id its last.
constexpr int kTcpHeaderLength = 7;

struct LateReply {
  int fd;
  int unit;
  modbus_mapping_t* mapping;
  std::vector<std::uint8_t> query;
  std::chrono::steady_clock::time_point due;
};
}  // namespace

TcpServer::TcpServer(const Scenario& scenario, RegisterImage& image, const std::string& host,
                     int port)
    : scenario_(scenario), image_(image) {
  ctx_ = modbus_new_tcp(host.c_str(), port);
  if (ctx_ == nullptr) throw std::runtime_error("cannot create a Modbus TCP context");
  listen_fd_ = modbus_tcp_listen(ctx_, 32);
  if (listen_fd_ < 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             modbus_strerror(errno));
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

TcpServer::~TcpServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (ctx_ != nullptr) {
    modbus_close(ctx_);
    modbus_free(ctx_);
  }
}

void TcpServer::run(const std::atomic<bool>& stop, const std::function<double()>& scenario_time) {
  std::set<int> clients;
  std::vector<LateReply> late;
  std::vector<std::uint8_t> query(MODBUS_TCP_MAX_ADU_LENGTH);
  auto drop = [&](int fd) {
    ::close(fd);
    clients.erase(fd);
    std::erase_if(late, [fd](const LateReply& r) { return r.fd == fd; });
  };
  while (!stop) {
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(listen_fd_, &readable);
    int max_fd = listen_fd_;
    for (int fd : clients) {
      FD_SET(fd, &readable);
      max_fd = std::max(max_fd, fd);
    }
    timeval tv{0, 20'000};  // wake often: timelines move and late replies fall due
    const int n = ::select(max_fd + 1, &readable, nullptr, nullptr, &tv);
    const double t = scenario_time();
    image_.update(t);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = late.begin(); it != late.end();) {
      if (it->due <= now) {
        modbus_set_socket(ctx_, it->fd);
        modbus_set_slave(ctx_, it->unit);
        modbus_reply(ctx_, it->query.data(), static_cast<int>(it->query.size()), it->mapping);
        it = late.erase(it);
      } else {
        ++it;
      }
    }
    if (n <= 0) continue;
    if (FD_ISSET(listen_fd_, &readable)) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd >= FD_SETSIZE)
        ::close(fd);  // select() cannot watch it; the client sees a closed connection
      else if (fd >= 0)
        clients.insert(fd);
    }
    for (int fd : std::set<int>(clients)) {
      if (!FD_ISSET(fd, &readable)) continue;
      modbus_set_socket(ctx_, fd);
      const int rc = modbus_receive(ctx_, query.data());
      if (rc < 0) {  // closed by the client, or a broken frame
        drop(fd);
        continue;
      }
      if (rc == 0) continue;
      const auto request = parse_request(query.data(), rc, kTcpHeaderLength);
      if (!request) continue;
      const Decision d = decide(scenario_, image_, *request, t);
      switch (d.action) {
        case Action::reply:
          modbus_set_slave(ctx_, request->unit);
          modbus_reply(ctx_, query.data(), rc, d.mapping);
          break;
        case Action::exception:
          modbus_set_slave(ctx_, request->unit);
          modbus_reply_exception(ctx_, query.data(), static_cast<unsigned>(d.exception_code));
          break;
        case Action::silent:
          break;
        case Action::late:
          late.push_back({fd,
                          request->unit,
                          d.mapping,
                          {query.begin(), query.begin() + rc},
                          now + std::chrono::milliseconds(d.delay_ms)});
          break;
        case Action::garbage: {
          // A well-framed answer (its transaction id, unit and function) whose byte count does
          // not fit the request: the client must reject it, and the stream stays in step.
          const std::uint8_t junk[] = {query[0], query[1], 0, 0, 0, 4, query[6], query[7], 1, 0xAB};
          [[maybe_unused]] auto w = ::send(fd, junk, sizeof junk, MSG_NOSIGNAL);
          break;
        }
        case Action::disconnect:
          drop(fd);
          break;
      }
    }
  }
  for (int fd : clients) ::close(fd);
}

}  // namespace sw::sim
