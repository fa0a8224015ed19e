// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the broker letting a command through does not prove: that the platform sent it, and sent it
// once. With a key ([mqtt.commands] key_file), commands that change alarm state or cost work
// (ack_alarm, resend) must carry an HMAC-SHA256 signature over "<id>\n<time>\n<cmd>\n<args>" made
// within max_skew of the gateway's clock; any signature given is checked. Whatever the key, an id
// seen before (within the last kRememberedIds commands that passed) is refused: a replayed or
// redelivered command does not run twice.
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/clock.hpp"
#include "uplink/command_parser.hpp"
#include "uplink/mqtt_settings.hpp"

namespace sw::uplink {

class CommandGuard {
 public:
  static constexpr std::size_t kRememberedIds = 4096;

  explicit CommandGuard(
      CommandAuthSettings auth, std::function<WallTime()> clock = [] { return WallClock::now(); });

  // Why `command` must not run, or nullopt; a command let through is remembered by its id.
  std::optional<std::string> refusal(const Command& command);

  // ack_alarm, out of service, resend and the 隐患台账 steps: refused unsigned when a key is
  // configured.
  static bool needs_signature(std::string_view name);
  bool has_key() const { return !auth_.key.empty(); }

 private:
  std::optional<std::string> signature_problem(const Command& command) const;

  CommandAuthSettings auth_;
  std::function<WallTime()> clock_;
  std::unordered_set<std::string> seen_;
  std::deque<std::string> seen_order_;  // oldest first, to forget beyond kRememberedIds
};

}  // namespace sw::uplink
