// SPDX-License-Identifier: Apache-2.0
#pragma once
// An in-process RTSP server on a free loopback port whose answers a test scripts request by
// request: to reproduce what real cameras do that gst-rtsp-server does not (qop=auth Digest,
// Connection: close, stale nonces, garbage, huge headers, silence, trickling bytes).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sw::rtsp::test {

struct ScriptedRequest {
  std::string method;
  std::string uri;
  std::map<std::string, std::string> headers;  // names lower-case
  int connection = 0;                          // 1 for the first accepted connection, ...
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct ScriptedAnswer {
  std::string bytes;                        // sent as is
  bool close_after = false;                 // close the connection after sending
  bool silent = false;                      // send nothing, keep the connection open
  std::chrono::milliseconds byte_delay{0};  // trickle: one byte, then this pause
};

class ScriptedRtspServer {
 public:
  using Handler = std::function<ScriptedAnswer(const ScriptedRequest&)>;

  explicit ScriptedRtspServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
      throw std::runtime_error("scripted server: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~ScriptedRtspServer() {
    stop_ = true;
    thread_.join();
    for (auto& c : clients_) ::close(c.fd);
    ::close(listen_fd_);
  }
  ScriptedRtspServer(const ScriptedRtspServer&) = delete;
  ScriptedRtspServer& operator=(const ScriptedRtspServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/live") const {
    return "rtsp://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<ScriptedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int connections() const { return accepted_.load(); }

 private:
  struct Client {
    int fd;
    int id;
    std::string buffer;
  };

  void run() {
    while (!stop_) {
      std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
      for (const auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) clients_.push_back({fd, ++accepted_, {}});
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        Client& c = clients_[i - 1];
        char buf[4096];
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n <= 0) {
          ::close(c.fd);
          c.fd = -1;
          continue;
        }
        c.buffer.append(buf, static_cast<std::size_t>(n));
        serve(c);
      }
      std::erase_if(clients_, [](const Client& c) { return c.fd < 0; });
    }
  }

  void serve(Client& c) {
    for (std::size_t end; c.fd >= 0 && (end = c.buffer.find("\r\n\r\n")) != std::string::npos;) {
      const std::string head = c.buffer.substr(0, end);
      c.buffer.erase(0, end + 4);
      ScriptedRequest r = parse(head);
      r.connection = c.id;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(r);
      }
      const ScriptedAnswer a = handler_(r);
      if (a.silent) continue;
      if (a.byte_delay.count() > 0) {
        for (char ch : a.bytes) {
          if (stop_ || ::send(c.fd, &ch, 1, MSG_NOSIGNAL) != 1) break;
          std::this_thread::sleep_for(a.byte_delay);  // the trickle is the point of this test
        }
      } else {
        ::send(c.fd, a.bytes.data(), a.bytes.size(), MSG_NOSIGNAL);
      }
      if (a.close_after) {
        ::close(c.fd);
        c.fd = -1;
      }
    }
  }

  static ScriptedRequest parse(const std::string& head) {
    ScriptedRequest r;
    std::size_t line_end = head.find("\r\n");
    const std::string first = head.substr(0, line_end);
    const std::size_t sp1 = first.find(' ');
    const std::size_t sp2 = first.find(' ', sp1 + 1);
    r.method = first.substr(0, sp1);
    r.uri = first.substr(sp1 + 1, sp2 - sp1 - 1);
    while (line_end != std::string::npos) {
      const std::size_t begin = line_end + 2;
      line_end = head.find("\r\n", begin);
      const std::string line = head.substr(begin, line_end - begin);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers[name] = line.substr(v);
    }
    return r;
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::vector<Client> clients_;  // owned by the server thread
  mutable std::mutex mutex_;
  std::vector<ScriptedRequest> requests_;
  std::thread thread_;
};

// "RTSP/1.0 <status>\r\nCSeq: <cseq of r>\r\n<headers>\r\n<body>" with Content-Length when a body.
inline std::string rtsp_answer(const ScriptedRequest& r, const std::string& status,
                               const std::string& headers = "", const std::string& body = "") {
  std::string out = "RTSP/1.0 " + status + "\r\nCSeq: " + r.header("cseq") + "\r\n" + headers;
  if (!body.empty()) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "\r\n" + body;
}

// A TCP port that drops SYNs: a listener with a full accept queue (backlog 0, one connection
// completed and never accepted). Connecting to it hangs until the client's own timeout.
class BlackholeListener {
 public:
  BlackholeListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 0) != 0)
      throw std::runtime_error("blackhole: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    // Fill the accept queue until a connect no longer completes.
    for (int i = 0; i < 8; ++i) {
      const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      fillers_.push_back(c);
      ::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      pollfd p{c, POLLOUT, 0};
      if (::poll(&p, 1, 200) == 0) break;  // this one hangs: the queue is full
    }
  }
  ~BlackholeListener() {
    for (int c : fillers_) ::close(c);
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

}  // namespace sw::rtsp::test
