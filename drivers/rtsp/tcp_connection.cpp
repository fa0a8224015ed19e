// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/tcp_connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace sw::rtsp {

namespace {

int remaining_ms(SteadyTime deadline) {
  const auto left = std::chrono::duration_cast<Millis>(deadline - SteadyClock::now()).count();
  if (left <= 0) return 0;
  return left > 1'000'000 ? 1'000'000 : static_cast<int>(left) + 1;  // round up: never spin
}

NetErrorKind kind_of(int err) {
  switch (err) {
    case ECONNREFUSED:
      return NetErrorKind::refused;
    case ETIMEDOUT:
      return NetErrorKind::timeout;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
      return NetErrorKind::unreachable;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
      return NetErrorKind::reset;
    default:
      return NetErrorKind::io;
  }
}

std::string describe(int err) {
  switch (err) {
    case ECONNREFUSED:
      return "connection refused";
    case ETIMEDOUT:
      return "timed out";
    case EHOSTUNREACH:
      return "host unreachable";
    case ENETUNREACH:
      return "network unreachable";
    case ECONNRESET:
      return "connection reset by the camera";
    case EPIPE:
      return "connection closed by the camera";
    default:
      return std::strerror(err);
  }
}

// Waits until `fd` is ready for `events` or the deadline passes. Returns false on timeout.
bool wait_ready(int fd, short events, SteadyTime deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int timeout = remaining_ms(deadline);
    const int r = ::poll(&p, 1, timeout);
    if (r > 0) return true;
    if (r == 0) {
      if (SteadyClock::now() >= deadline) return false;
      continue;
    }
    if (errno != EINTR) throw NetError(kind_of(errno), describe(errno));
  }
}

struct AddrInfoFree {
  void operator()(addrinfo* a) const {
    if (a != nullptr) ::freeaddrinfo(a);
  }
};
using AddrInfoList = std::unique_ptr<addrinfo, AddrInfoFree>;

// A host name through the system resolver, which blocks for as long as resolv.conf lets it (5 s
// per try and server by default); a bus thread may wait only until `deadline` (bus_driver.hpp).
// glibc's getaddrinfo_a resolves on a thread of its own; a lookup still running at the deadline
// is cancelled, or, when glibc can no longer cancel it, left to finish with its small request
// record deliberately not freed (glibc writes the answer into it).
AddrInfoList resolve_within(const std::string& host, const std::string& service,
                            const addrinfo& hints, SteadyTime deadline) {
  struct Lookup {
    std::string host, service;
    addrinfo hints;
    gaicb request{};
  };
  auto lookup = std::make_unique<Lookup>(Lookup{host, service, hints, {}});
  lookup->request.ar_name = lookup->host.c_str();
  lookup->request.ar_service = lookup->service.c_str();
  lookup->request.ar_request = &lookup->hints;
  gaicb* list[] = {&lookup->request};
  int rc = ::getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr);
  if (rc != 0)
    throw NetError(NetErrorKind::resolve,
                   "cannot resolve host \"" + host + "\": " + ::gai_strerror(rc));
  while ((rc = ::gai_error(&lookup->request)) == EAI_INPROGRESS) {
    if (SteadyClock::now() >= deadline) {
      if (::gai_cancel(&lookup->request) == EAI_NOTCANCELED) (void)lookup.release();
      throw NetError(NetErrorKind::timeout,
                     "cannot resolve host \"" + host + "\" within the timeout");
    }
    const int ms = remaining_ms(deadline);
    const timespec wait{ms / 1000, static_cast<long>(ms % 1000) * 1'000'000L};
    ::gai_suspend(list, 1, &wait);  // returns on completion, timeout or a signal: checked above
  }
  if (rc != 0)
    throw NetError(NetErrorKind::resolve,
                   "cannot resolve host \"" + host + "\": " + ::gai_strerror(rc));
  return AddrInfoList(lookup->request.ar_result);
}

}  // namespace

std::string_view to_string(NetErrorKind kind) {
  switch (kind) {
    case NetErrorKind::resolve:
      return "resolve";
    case NetErrorKind::refused:
      return "refused";
    case NetErrorKind::unreachable:
      return "unreachable";
    case NetErrorKind::timeout:
      return "timeout";
    case NetErrorKind::reset:
      return "reset";
    case NetErrorKind::closed:
      return "closed";
    case NetErrorKind::io:
      return "io";
  }
  return "io";
}

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

TcpConnection TcpConnection::connect(const std::string& host, std::uint16_t port,
                                     SteadyTime deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST;
  addrinfo* raw = nullptr;
  const std::string service = std::to_string(port);
  // Cameras are configured by address almost always: try that without touching DNS. A name goes
  // through the system resolver, bounded by the deadline.
  const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw);
  AddrInfoList list(raw);
  if (rc == EAI_NONAME) {
    hints.ai_flags = AI_NUMERICSERV;  // no AI_ADDRCONFIG: a camera VLAN may have loopback only
    list = resolve_within(host, service, hints, deadline);
  } else if (rc != 0) {
    throw NetError(NetErrorKind::resolve,
                   "cannot resolve host \"" + host + "\": " + ::gai_strerror(rc));
  }

  NetError last(NetErrorKind::io, "no address");
  for (const addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
    UniqueFd fd(
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd.valid()) {
      last = NetError(kind_of(errno), describe(errno));
      continue;
    }
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) == 0) return TcpConnection(std::move(fd));
    if (errno != EINPROGRESS) {
      last = NetError(kind_of(errno), describe(errno));
      continue;
    }
    if (!wait_ready(fd.get(), POLLOUT, deadline))
      throw NetError(NetErrorKind::timeout, "no TCP connection within the timeout");
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err == 0) return TcpConnection(std::move(fd));
    last = NetError(kind_of(err), describe(err));
  }
  throw last;
}

void TcpConnection::send_all(std::string_view data, SteadyTime deadline) {
  if (!fd_.valid()) throw NetError(NetErrorKind::closed, "connection closed");
  while (!data.empty()) {
    const ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_ready(fd_.get(), POLLOUT, deadline))
        throw NetError(NetErrorKind::timeout, "camera stopped reading our request");
      continue;
    }
    throw NetError(kind_of(errno), describe(errno));
  }
}

std::string TcpConnection::receive_some(std::size_t max, SteadyTime deadline) {
  if (!fd_.valid()) throw NetError(NetErrorKind::closed, "connection closed");
  std::string buf(max, '\0');
  for (;;) {
    const ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), 0);
    if (n > 0) {
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    }
    if (n == 0) throw NetError(NetErrorKind::closed, "connection closed by the camera");
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!wait_ready(fd_.get(), POLLIN, deadline))
        throw NetError(NetErrorKind::timeout, "no answer within the timeout");
      continue;
    }
    throw NetError(kind_of(errno), describe(errno));
  }
}

}  // namespace sw::rtsp
