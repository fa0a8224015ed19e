// SPDX-License-Identifier: Apache-2.0
#include "console/client_connection.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace sw::console {

namespace {
constexpr std::size_t kReadChunk = 16 * 1024;
// Complete lines answered in one turn, so a client that sends a burst cannot hold the thread:
// the rest waits for the next turn of the poll loop (has_work() makes that immediate).
constexpr int kLinesPerTurn = 16;
}  // namespace

std::string_view to_string(ClientVerdict verdict) {
  switch (verdict) {
    case ClientVerdict::keep:
      return "keep";
    case ClientVerdict::done:
      return "done";
    case ClientVerdict::failed:
      return "failed";
    case ClientVerdict::oversized:
      return "oversized";
    case ClientVerdict::stalled:
      return "stalled";
    case ClientVerdict::unread:
      return "unread";
    case ClientVerdict::idle:
      return "idle";
  }
  return "unknown";
}

ClientConnection::ClientConnection(UniqueFd fd, Peer peer, std::uint64_t number,
                                   const ServerLimits& limits, SteadyTime now)
    : fd_(std::move(fd)),
      peer_(std::move(peer)),
      number_(number),
      limits_(limits),
      last_activity_(now),
      last_progress_(now) {}

bool ClientConnection::complete_line_waiting() const {
  return input_.find('\n') != std::string::npos || (eof_ && !input_.empty());
}

short ClientConnection::wanted_events() const {
  short events = 0;
  if (!eof_ && unsent() == 0 && !complete_line_waiting()) events |= POLLIN;
  if (unsent() > 0) events |= POLLOUT;
  return events;
}

bool ClientConnection::has_work() const {
  return !failed_ && !oversized_ && unsent() == 0 && complete_line_waiting();
}

ClientVerdict ClientConnection::advance(short revents, const Answerer& answer, SteadyTime now) {
  if (revents & (POLLERR | POLLNVAL)) failed_ = true;
  // POLLHUP: the client closed both directions, so no answer can reach it any more.
  if (revents & POLLHUP) return ClientVerdict::done;
  if (!failed_ && (revents & POLLIN)) read_some(now);
  if (!failed_ && (revents & POLLOUT)) flush(now);
  if (!failed_ && !oversized_) serve(answer, now);
  return verdict(now);
}

void ClientConnection::read_some(SteadyTime now) {
  const bool had_partial = !input_.empty();
  const std::size_t old_size = input_.size();
  input_.resize(old_size + kReadChunk);
  const ssize_t n = ::recv(fd_.get(), input_.data() + old_size, kReadChunk, MSG_DONTWAIT);
  input_.resize(old_size + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  if (n == 0) {
    eof_ = true;
    return;
  }
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) failed_ = true;
    return;
  }
  last_activity_ = now;
  if (!had_partial && input_.back() != '\n') partial_since_ = now;
  // Only the first line needs checking here: reading stops while a complete line waits, so the
  // rest are checked as serve() reaches them.
  const auto newline = input_.find('\n');
  const std::size_t first_line = newline == std::string::npos ? input_.size() : newline;
  if (first_line > limits_.max_line_bytes) oversized_ = true;
}

void ClientConnection::serve(const Answerer& answer, SteadyTime now) {
  std::size_t consumed = 0;
  for (int i = 0; i < kLinesPerTurn && unsent() < limits_.max_output_bytes; ++i) {
    const auto newline = input_.find('\n', consumed);
    std::size_t end = newline;
    if (newline == std::string::npos) {
      // At end of input an unterminated last line still counts (`printf '{…}' | socat …`).
      if (!eof_ || consumed == input_.size()) break;
      end = input_.size();
    }
    std::string_view line(input_.data() + consumed, end - consumed);
    consumed = newline == std::string::npos ? end : end + 1;
    if (line.size() > limits_.max_line_bytes) {
      oversized_ = true;
      break;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // typed through a terminal
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank: ignored
    if (unsent() == 0) {
      output_.clear();
      sent_ = 0;
      last_progress_ = now;  // the send timeout counts from when answers start to wait
    }
    output_ += answer(line, peer_);
    flush(now);
  }
  input_.erase(0, consumed);
  if (input_.empty() || input_.find('\n') != std::string::npos)
    partial_since_.reset();
  else if (!partial_since_)
    partial_since_ = now;
}

void ClientConnection::flush(SteadyTime now) {
  while (unsent() > 0) {
    const ssize_t n =
        ::send(fd_.get(), output_.data() + sent_, unsent(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent_ += static_cast<std::size_t>(n);
      last_progress_ = now;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    failed_ = true;  // EPIPE, ECONNRESET: the client is gone
    return;
  }
  output_.clear();
  sent_ = 0;
  // Reading was paused while answers waited; a line begun meanwhile gets its full time again.
  if (partial_since_) partial_since_ = now;
}

ClientVerdict ClientConnection::verdict(SteadyTime now) const {
  if (failed_) return ClientVerdict::failed;
  if (oversized_) return ClientVerdict::oversized;
  if (unsent() > 0) {
    if (now - last_progress_ >= limits_.send_timeout) return ClientVerdict::unread;
    return ClientVerdict::keep;
  }
  if (complete_line_waiting()) return ClientVerdict::keep;
  if (eof_) return ClientVerdict::done;
  if (partial_since_) {
    if (now - *partial_since_ >= limits_.line_timeout) return ClientVerdict::stalled;
    return ClientVerdict::keep;
  }
  if (now - last_activity_ >= limits_.idle_timeout) return ClientVerdict::idle;
  return ClientVerdict::keep;
}

SteadyTime ClientConnection::next_deadline() const {
  if (unsent() > 0) return last_progress_ + limits_.send_timeout;
  if (partial_since_) return *partial_since_ + limits_.line_timeout;
  return last_activity_ + limits_.idle_timeout;
}

void ClientConnection::send_parting(std::string_view line) {
  if (failed_ || unsent() > 0) return;
  (void)::send(fd_.get(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace sw::console
