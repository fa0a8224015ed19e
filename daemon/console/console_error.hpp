// SPDX-License-Identifier: Apache-2.0
#pragma once
// The errors a console answer can carry. A handler throws ConsoleError to refuse a request with a
// reason the operator reads; the code tells scripts what kind of failure it was.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sw::console {

enum class ErrorCode {
  bad_request,          // not JSON, not a request, or arguments missing / of the wrong type
  unknown_command,      // no such command in the table
  refused,              // the daemon understood and said no (unknown alarm id, shelving refused)
  internal,             // a handler failed unexpectedly; the daemon runs on
  unsupported_version,  // the request speaks a protocol version this daemon does not
};

std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> error_code_from_string(std::string_view text);

class ConsoleError : public std::runtime_error {
 public:
  ConsoleError(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// nlohmann::json's message without its "[json.exception.parse_error.101] " tag: the operator
// needs the reason, not the library's numbering.
std::string describe_json_error(const std::exception& e);

}  // namespace sw::console
