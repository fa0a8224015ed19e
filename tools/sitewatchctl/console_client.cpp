// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/console_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace sw::console {

namespace {

// An answer larger than this is not one the daemon would send: stop rather than eat memory.
constexpr std::size_t kMaxAnswerBytes = 64 * 1024 * 1024;

int remaining_ms(SteadyTime deadline) {
  const auto left = deadline - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

std::string seconds_text(Millis timeout) {
  return format_duration(timeout);
}

[[noreturn]] void connect_failed(const std::string& path, int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      throw ClientError(ExitCode::not_running,
                        "sitewatchd is not running (no socket at " + path + ")");
    case ECONNREFUSED:
      throw ClientError(ExitCode::not_running,
                        "sitewatchd is not running (nothing listens on " + path + ")");
    case EACCES:
    case EPERM:
      throw ClientError(
          ExitCode::permission_denied,
          "permission denied on " + path +
              ": add yourself to group sitewatch-ops (sudo usermod -aG sitewatch-ops $USER, "
              "then log in again)");
    default:
      throw ClientError(ExitCode::not_running,
                        "cannot connect to " + path + ": " + std::strerror(error));
  }
}

}  // namespace

ConsoleClient::ConsoleClient(std::string socket_path, Millis timeout)
    : path_(std::move(socket_path)), timeout_(timeout) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.empty() || path_.size() >= sizeof addr.sun_path)
    throw ClientError(ExitCode::usage, "socket path must be 1 to " +
                                           std::to_string(sizeof addr.sun_path - 1) +
                                           " bytes long: " + path_);
  path_.copy(addr.sun_path, path_.size());
  fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd_.valid())
    throw ClientError(ExitCode::not_running, std::string("socket: ") + std::strerror(errno));

  const auto deadline = SteadyClock::now() + timeout_;
  for (;;) {
    if (::connect(fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return;
    if (errno == EINTR) continue;
    // A Unix socket whose listen backlog is full says EAGAIN: the daemon is there but busy.
    if (errno == EAGAIN && SteadyClock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (errno == EAGAIN)
      throw ClientError(ExitCode::timeout_or_protocol,
                        "sitewatchd did not accept the connection on " + path_ + " within " +
                            seconds_text(timeout_));
    connect_failed(path_, errno);
  }
}

Answer ConsoleClient::request(const std::string& cmd, const nlohmann::json& args) {
  const auto deadline = SteadyClock::now() + timeout_;
  const std::int64_t id = next_id_++;
  send_all(encode_request({id, cmd, args}), deadline);
  for (;;) {
    const std::string line = read_line(deadline);
    Answer answer;
    try {
      answer = decode_answer(line);
    } catch (const ProtocolError& e) {
      throw ClientError(ExitCode::timeout_or_protocol,
                        std::string("unexpected answer from sitewatchd: ") + e.what());
    }
    // A null id is the daemon refusing the connection itself (too many clients, line too long).
    if (answer.id == id || answer.id.is_null()) return answer;
  }
}

nlohmann::json ConsoleClient::call(const std::string& cmd, const nlohmann::json& args) {
  Answer answer = request(cmd, args);
  if (!answer.ok)
    throw ClientError(ExitCode::refused,
                      "sitewatchd: " + answer.error_message + " (" + answer.error_code + ")");
  return std::move(answer.result);
}

void ConsoleClient::send_all(const std::string& data, SteadyTime deadline) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n =
        ::send(fd_.get(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_.get(), POLLOUT, 0};
      const int wait = remaining_ms(deadline);
      if (wait == 0 || (::poll(&p, 1, wait) == 0))
        throw ClientError(ExitCode::timeout_or_protocol,
                          "sitewatchd did not take the request within " + seconds_text(timeout_));
      continue;
    }
    throw ClientError(ExitCode::timeout_or_protocol,
                      std::string("sitewatchd closed the connection: ") + std::strerror(errno));
  }
}

std::string ConsoleClient::read_line(SteadyTime deadline) {
  for (;;) {
    if (const auto newline = input_.find('\n'); newline != std::string::npos) {
      std::string line = input_.substr(0, newline);
      input_.erase(0, newline + 1);
      return line;
    }
    if (input_.size() > kMaxAnswerBytes)
      throw ClientError(ExitCode::timeout_or_protocol,
                        "unexpected answer from sitewatchd: longer than " +
                            std::to_string(kMaxAnswerBytes) + " bytes");
    pollfd p{fd_.get(), POLLIN, 0};
    const int wait = remaining_ms(deadline);
    const int ready = wait == 0 ? 0 : ::poll(&p, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0)
      throw ClientError(ExitCode::timeout_or_protocol,
                        "no answer from sitewatchd within " + seconds_text(timeout_));
    char buffer[16384];
    const ssize_t n = ::recv(fd_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      input_.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    throw ClientError(ExitCode::timeout_or_protocol,
                      n == 0 ? "sitewatchd closed the connection without answering"
                             : std::string("reading from sitewatchd: ") + std::strerror(errno));
  }
}

}  // namespace sw::console
