// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text from outside the daemon (a platform command, a console request, a device) is checked and
// escaped here, once: an operator's name is 1..64 bytes without control characters on every path
// (console and MQTT), and whatever untrusted text reaches a log line cannot forge a line or drive
// the terminal (newlines and escape sequences are written as \n, \x1b, ...).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sw {

// Longest operator name (`--by`, the platform's `by`) kept in the ledger and alarm messages.
inline constexpr std::size_t kMaxOperatorNameBytes = 64;

// True when `text` holds a C0 control character or DEL.
bool has_control_characters(std::string_view text);

// Why `name` is not acceptable as an operator's name, or nullopt when it is.
std::optional<std::string> operator_name_problem(std::string_view name);

// `text` with control characters, DEL and backslashes escaped (\n, \t, \\, \x1b) and cut so the
// escaped text holds at most `max_bytes` ("..." marks a cut, and follows a whole character):
// safe to place in a log line or a reply.
std::string escape_for_log(std::string_view text, std::size_t max_bytes = 256);

}  // namespace sw
