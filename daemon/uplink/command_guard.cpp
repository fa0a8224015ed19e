// SPDX-License-Identifier: Apache-2.0
#include "uplink/command_guard.hpp"

#include "core/hmac_sha256.hpp"

namespace sw::uplink {

CommandGuard::CommandGuard(CommandAuthSettings auth, std::function<WallTime()> clock)
    : auth_(std::move(auth)), clock_(std::move(clock)) {}

bool CommandGuard::needs_signature(std::string_view name) {
  // What changes state or costs work; reads (request_status, request_report) may be unsigned.
  return name == "ack_alarm" || name == "remove_from_service" || name == "return_to_service" ||
         name == "resend" || name == "add_department_finding" || name == "set_supervised";
}

std::optional<std::string> CommandGuard::signature_problem(const Command& command) const {
  if (!has_key()) return std::nullopt;  // nothing to check against (--check-config warns)
  if (!command.sig) {
    if (needs_signature(command.name))
      return "'" + command.name +
             "' must be signed: this gateway has a command key ([mqtt.commands] key_file); add "
             "'time' and 'sig' (docs/messages.md)";
    return std::nullopt;
  }
  const auto now_ms = to_epoch_ms(clock_());
  const auto skew = now_ms - *command.time_ms;
  if (skew > auth_.max_skew.count() || -skew > auth_.max_skew.count())
    return "the signature's time is " + std::to_string(skew / 1000) +
           " s away from the gateway's clock; at most " + format_duration(auth_.max_skew) +
           " is accepted";
  if (!equal_in_constant_time(hmac_sha256_hex(auth_.key, command.signed_text), *command.sig))
    return std::string("bad signature");
  return std::nullopt;
}

std::optional<std::string> CommandGuard::refusal(const Command& command) {
  if (auto problem = signature_problem(command)) return problem;
  if (seen_.count(command.id) != 0)
    return "command id '" + command.id + "' was received before; a command runs once";
  seen_.insert(command.id);
  seen_order_.push_back(command.id);
  if (seen_order_.size() > kRememberedIds) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return std::nullopt;
}

}  // namespace sw::uplink
