// SPDX-License-Identifier: Apache-2.0
#pragma once
// The client end of the console protocol: connect to sitewatchd's socket, send a request, wait for
// its answer. Every way that can fail becomes a ClientError carrying sitewatchctl's exit code and
// a message that says what to do about it.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "console/protocol.hpp"
#include "console/unique_fd.hpp"
#include "core/clock.hpp"

namespace sw::console {

// sitewatchctl's exit codes (docs/console.md, and the --help epilogue).
enum class ExitCode : int {
  ok = 0,
  refused = 1,              // the daemon answered with an error, or the answer says "not ok"
  usage = 2,                // bad command line
  not_running = 3,          // no socket, or nobody listening on it
  permission_denied = 4,    // the socket's mode/group keep this user out
  timeout_or_protocol = 5,  // no answer in time, connection cut, or an answer that makes no sense
};

class ClientError : public std::runtime_error {
 public:
  ClientError(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode exit_code() const { return code_; }

 private:
  ExitCode code_;
};

class ConsoleClient {
 public:
  // Connects now; `timeout` bounds the connect and, separately, each request.
  ConsoleClient(std::string socket_path, Millis timeout);

  // One request, its answer. An error answer is returned (ok == false), not thrown. Throws
  // ClientError(timeout_or_protocol) when no valid answer arrives in time.
  Answer request(const std::string& cmd, const nlohmann::json& args = nlohmann::json::object());
  // The result of a successful answer; an error answer throws ClientError(refused).
  nlohmann::json call(const std::string& cmd,
                      const nlohmann::json& args = nlohmann::json::object());

  const std::string& socket_path() const { return path_; }

 private:
  void send_all(const std::string& data, SteadyTime deadline);
  std::string read_line(SteadyTime deadline);

  std::string path_;
  Millis timeout_;
  UniqueFd fd_;
  std::int64_t next_id_ = 1;
  std::string input_;  // received, not yet consumed
};

}  // namespace sw::console
