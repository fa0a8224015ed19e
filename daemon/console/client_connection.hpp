// SPDX-License-Identifier: Apache-2.0
#pragma once
// One console client on the server's thread: request lines in, answer lines out, over a
// non-blocking socket. It reads only while it has nothing to answer and no answer waiting, so
// what a client can make the daemon hold is bounded by one line and max_output_bytes of answers,
// however much it sends and however little it reads.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "console/peer.hpp"
#include "console/server_settings.hpp"
#include "console/unique_fd.hpp"
#include "core/clock.hpp"

namespace sw::console {

enum class ClientVerdict {
  keep,
  done,       // the client closed and has all its answers
  failed,     // the socket failed or the client vanished
  oversized,  // a request line longer than the limit
  stalled,    // a request line left unfinished longer than the timeout
  unread,     // answers not read within the timeout
  idle,       // nothing asked for too long
};
std::string_view to_string(ClientVerdict verdict);

class ClientConnection {
 public:
  using Answerer = std::function<std::string(std::string_view line, const Peer& peer)>;

  ClientConnection(UniqueFd fd, Peer peer, std::uint64_t number, const ServerLimits& limits,
                   SteadyTime now);

  int fd() const { return fd_.get(); }
  const Peer& peer() const { return peer_; }
  std::uint64_t number() const { return number_; }

  // The poll() events this client waits for.
  short wanted_events() const;
  // True when complete requests wait and nothing blocks answering them: poll without waiting.
  bool has_work() const;
  // Reads (if poll said so), answers, sends; then says whether the connection goes on.
  ClientVerdict advance(short revents, const Answerer& answer, SteadyTime now);
  // When advance() must run again even without events (a timeout to check).
  SteadyTime next_deadline() const;
  // A last error answer before the connection is dropped, sent only if it cannot split an answer
  // already under way and only as far as the socket takes it without waiting.
  void send_parting(std::string_view line);

 private:
  void read_some(SteadyTime now);
  void serve(const Answerer& answer, SteadyTime now);
  void flush(SteadyTime now);
  ClientVerdict verdict(SteadyTime now) const;
  bool complete_line_waiting() const;
  std::size_t unsent() const { return output_.size() - sent_; }

  UniqueFd fd_;
  Peer peer_;
  std::uint64_t number_;
  ServerLimits limits_;
  std::string input_;   // bytes not yet answered: complete lines, then at most one partial line
  std::string output_;  // answers; output_[0, sent_) is already sent
  std::size_t sent_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  bool oversized_ = false;
  SteadyTime last_activity_;  // last bytes received
  SteadyTime last_progress_;  // last bytes sent, or when answers started to wait
  std::optional<SteadyTime> partial_since_;
};

}  // namespace sw::console
