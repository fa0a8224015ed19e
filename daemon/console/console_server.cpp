// SPDX-License-Identifier: Apache-2.0
#include "console/console_server.hpp"

#include <poll.h>
#include <pwd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "console/access.hpp"
#include "console/client_connection.hpp"
#include "console/listening_socket.hpp"
#include "console/protocol.hpp"
#include "console/request_dispatch.hpp"
#include "core/thread_name.hpp"

namespace sw::console {

namespace {

// Out of file descriptors: accepting again at once would spin, so wait a little.
constexpr auto kAcceptPause = std::chrono::milliseconds(200);
// Longest poll() wait; deadlines usually come sooner.
constexpr auto kMaxWait = std::chrono::milliseconds(60'000);

std::string user_name(uid_t uid) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr)
    return found->pw_name;
  return std::to_string(uid);
}

Peer peer_of(int fd) {
  Peer peer;
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
    peer.pid = cred.pid;
    peer.uid = cred.uid;
    peer.gid = cred.gid;
  } else {
    // Unknown: never root. An unreadable peer may only read.
    peer.uid = peer.gid = static_cast<uid_t>(-1);
  }
  std::vector<gid_t> groups(64);
  for (int attempt = 0; attempt < 2; ++attempt) {
    socklen_t size = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &size) == 0) {
      groups.resize(size / sizeof(gid_t));
      peer.groups = std::move(groups);
      break;
    }
    if (errno != ERANGE) break;
    groups.resize(size / sizeof(gid_t) + 1);
  }
  peer.user = user_name(peer.uid);
  return peer;
}

int wait_ms(SteadyTime now, SteadyTime deadline) {
  if (deadline <= now) return 0;
  const auto wait = std::min<SteadyClock::duration>(deadline - now, kMaxWait);
  // Round up, so a wake-up never comes a hair before the deadline and spins.
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
}

}  // namespace

ConsoleServer::ConsoleServer(ServerSettings settings, CommandTable commands)
    : settings_(std::move(settings)), commands_(std::move(commands)) {}

ConsoleServer::~ConsoleServer() {
  stop();
}

void ConsoleServer::start() {
  if (thread_.joinable()) return;
  UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake.valid())
    throw std::runtime_error(std::string("console: eventfd: ") + std::strerror(errno));
  socket_ =
      std::make_unique<ListeningSocket>(settings_.socket_path, settings_.group, settings_.mode);
  commands_.set_operators_group(socket_->group_id());
  wake_ = std::move(wake);
  stopping_ = false;
  try {
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    socket_.reset();
    throw;
  }
  // The group the file really has: when the configured one does not exist, it is not that.
  spdlog::info("[console] listening on {} (mode {:04o}, group '{}')", settings_.socket_path,
               settings_.mode, socket_->group());
}

void ConsoleServer::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
  thread_.join();
  socket_.reset();  // removes the socket file
  wake_.reset();
  spdlog::info("[console] stopped; {} removed", settings_.socket_path);
}

ServerStats ConsoleServer::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void ConsoleServer::run() {
  name_this_thread("sw-console");
  while (!stopping_) {
    try {
      turn();
    } catch (const std::exception& e) {
      // Whatever went wrong, the console keeps serving: it is how operators see the gateway.
      spdlog::error("[console] {}; carrying on", e.what());
      pollfd none{-1, 0, 0};
      ::poll(&none, 0, 100);
    }
  }
  for (auto& client : clients_)
    spdlog::debug("[console] client {} closed: the daemon stops", client->number());
  clients_.clear();
  std::lock_guard lock(stats_mutex_);
  stats_.clients = 0;
}

void ConsoleServer::turn() {
  auto now = SteadyClock::now();
  const bool accepting = now >= accept_paused_until_;
  std::vector<pollfd> fds;
  fds.reserve(clients_.size() + 2);
  fds.push_back({wake_.get(), POLLIN, 0});
  fds.push_back({accepting ? socket_->fd() : -1, POLLIN, 0});  // fd -1: ignored by poll()
  SteadyTime deadline = now + kMaxWait;
  if (!accepting) deadline = std::min(deadline, accept_paused_until_);
  for (const auto& client : clients_) {
    fds.push_back({client->fd(), client->wanted_events(), 0});
    deadline = std::min(deadline, client->has_work() ? now : client->next_deadline());
  }

  const int n = ::poll(fds.data(), fds.size(), wait_ms(now, deadline));
  if (n < 0) {
    if (errno == EINTR) return;
    throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
  }
  now = SteadyClock::now();
  if (fds[0].revents != 0) {
    std::uint64_t count = 0;
    (void)!::read(wake_.get(), &count, sizeof count);
    if (stopping_) return;
  }

  const auto answer = [this](std::string_view line, const Peer& peer) {
    {
      std::lock_guard lock(stats_mutex_);
      ++stats_.requests;
    }
    return answer_request(commands_, line, peer);
  };
  // Only the clients that were polled: accept_clients() below appends new ones.
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    auto& client = *clients_[i];
    ClientVerdict verdict = ClientVerdict::failed;
    try {
      verdict = client.advance(fds[i + 2].revents, answer, now);
    } catch (const std::exception& e) {
      spdlog::error("[console] client {}: {}", client.number(), e.what());
    }
    if (verdict != ClientVerdict::keep) finish(client, verdict);
  }
  std::erase_if(clients_, [](const auto& client) { return !client; });

  if (fds[1].revents != 0) accept_clients(now);
  std::lock_guard lock(stats_mutex_);
  stats_.clients = clients_.size();
}

void ConsoleServer::finish(ClientConnection& client, ClientVerdict verdict) {
  const auto& limits = settings_.limits;
  const auto& peer = client.peer();
  std::string reason;
  {
    std::lock_guard lock(stats_mutex_);
    switch (verdict) {
      case ClientVerdict::oversized:
        ++stats_.dropped_oversized;
        reason = "request line longer than " + std::to_string(limits.max_line_bytes) + " bytes";
        break;
      case ClientVerdict::stalled:
        ++stats_.dropped_stalled;
        reason = "request line not finished within " + format_duration(limits.line_timeout);
        break;
      case ClientVerdict::unread:
        ++stats_.dropped_unread;
        reason = "answers not read within " + format_duration(limits.send_timeout);
        break;
      case ClientVerdict::idle:
        ++stats_.closed_idle;
        break;
      default:
        break;
    }
  }
  if (!reason.empty()) {
    client.send_parting(encode_error(nullptr, ErrorCode::bad_request, reason + "; closing"));
    spdlog::warn("[console] client {} (uid {} {}, pid {}) dropped: {}", client.number(), peer.uid,
                 peer.user, peer.pid, reason);
  } else {
    spdlog::debug("[console] client {} (uid {}, pid {}) closed: {}", client.number(), peer.uid,
                  peer.pid, to_string(verdict));
  }
  for (auto& slot : clients_)
    if (slot.get() == &client) slot.reset();
}

std::optional<std::string> ConsoleServer::refusal_for(const Peer& peer) const {
  const auto& limits = settings_.limits;
  // The last slot is root's: however many connections others hold, root can still get in.
  const std::size_t open_to_peer = peer.uid == 0 ? limits.max_clients : limits.max_clients - 1;
  if (clients_.size() >= open_to_peer)
    return "too many console clients (" + std::to_string(limits.max_clients) +
           (peer.uid == 0 ? "" : ", the last one kept for root") + "); try again later";
  if (peer.uid == 0) return std::nullopt;
  const auto same_uid = std::count_if(clients_.begin(), clients_.end(), [&](const auto& c) {
    return c && c->peer().uid == peer.uid;
  });
  if (static_cast<std::size_t>(same_uid) >= limits.max_clients_per_uid)
    return "too many console connections from uid " + std::to_string(peer.uid) + " (" +
           std::to_string(limits.max_clients_per_uid) + "); close one and try again";
  return std::nullopt;
}

void ConsoleServer::accept_clients(SteadyTime now) {
  for (;;) {
    UniqueFd fd(::accept4(socket_->fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd.valid()) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        spdlog::warn("[console] cannot accept a client: {}; pausing {} ms", std::strerror(errno),
                     kAcceptPause.count());
        accept_paused_until_ = now + kAcceptPause;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
        spdlog::warn("[console] accept: {}", std::strerror(errno));
      }
      return;
    }
    Peer peer = peer_of(fd.get());
    std::lock_guard lock(stats_mutex_);
    if (auto busy = refusal_for(peer)) {
      ++stats_.refused_busy;
      const std::string line = encode_error(nullptr, ErrorCode::refused, *busy);
      (void)::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      spdlog::warn("[console] refused {} pid {}: {}", describe(peer), peer.pid, *busy);
      continue;
    }
    ++stats_.accepted;
    const auto number = next_client_number_++;
    spdlog::debug("[console] client {} connected: uid {} {}, pid {}", number, peer.uid, peer.user,
                  peer.pid);
    clients_.push_back(std::make_unique<ClientConnection>(std::move(fd), std::move(peer), number,
                                                          settings_.limits, now));
  }
}

}  // namespace sw::console
