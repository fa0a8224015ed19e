// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strict reading of downlink commands from …/cmd:
//   {"id": "<request id>", "cmd": "ack_alarm" | "request_status" | "resend", "args": {...},
//    "time": <epoch ms>, "sig": "<hex HMAC-SHA256>"}       (time and sig: a signed command)
// Any input — garbage, huge, deeply nested, wrong types, unknown fields — yields either a command
// whose arguments were checked, or a rejection with a reason (and the request id when one could be
// read, so the platform can be answered). Nothing here throws on input.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::uplink {

struct CommandLimits {
  std::size_t max_bytes = 4096;
  std::size_t max_depth = 8;  // nesting of objects and arrays; checked before parsing
  Millis max_resend_range{86'400'000};
  // How a yyyyMMddHHmmss time is read: in the gateway's time zone, else at compact_offset.
  bool compact_time_is_local = false;
  Millis compact_offset{0};
};

struct Command {
  std::string id;
  std::string name;
  // Checked and normalised: times are epoch milliseconds (see docs/messages.md).
  nlohmann::json args = nlohmann::json::object();
  // A signed command: when the platform signed it, and the signature; `signed_text` is what the
  // signature covers (command_signature.hpp), made from the arguments as sent.
  std::optional<std::int64_t> time_ms;
  std::optional<std::string> sig;
  std::string signed_text;
};

struct CommandRejection {
  std::optional<std::string> id;  // present when the request id could be read: answer it
  std::string cmd;                // the command name when it could be read
  std::string reason;
};

class CommandParser {
 public:
  explicit CommandParser(CommandLimits limits) : limits_(limits) {}
  std::variant<Command, CommandRejection> parse(std::string_view payload) const;
  const CommandLimits& limits() const { return limits_; }
  // The command names this parser knows.
  static std::vector<std::string> names();

 private:
  CommandLimits limits_;
};

// What a command's signature covers: "<id>\n<time>\n<cmd>\n<args as compact JSON, keys sorted>"
// (docs/messages.md "Signed commands").
std::string signed_text(std::string_view id, std::int64_t time_ms, std::string_view cmd,
                        const nlohmann::json& args);

// The deepest nesting of objects/arrays in a JSON text, counting outside strings only; stops
// counting past `limit` (so a hostile payload costs one pass).
std::size_t json_nesting_depth(std::string_view text, std::size_t limit);

}  // namespace sw::uplink
