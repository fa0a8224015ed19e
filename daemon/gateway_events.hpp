// SPDX-License-Identifier: Apache-2.0
#pragma once
// Gateway events (docs/messages.md, kind "event"): what happened at the gateway that is not an
// alarm — a device went offline or came back, the config was reloaded, the store failed over to
// memory, telemetry was shed, the ledger check failed, the clock jumped, the config warned at
// start. Any thread posts one; the rules thread takes them each turn and writes them to the
// outbox in its transaction, so they are as durable as the alarms and leave through the same
// publisher (event lane).
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw {

struct GatewayEvent {
  std::string name;     // snake_case: device_offline, config_reloaded, ...
  std::string message;  // one line for people
  nlohmann::json detail = nlohmann::json::object();
  WallTime time;  // when it was observed
};

class GatewayEvents {
 public:
  // Any thread. Beyond kMaxPending waiting events the newest are refused and counted (a storm
  // of device flaps must not grow memory without bound); the count goes out with the next event.
  void post(GatewayEvent event);
  // Rules thread: appends what is waiting to `out`.
  void take(std::vector<GatewayEvent>& out);
  bool pending() const;
  // The rules thread that takes the events wakes through this; empty to clear.
  void set_waker(std::function<void()> wake);
  std::uint64_t refused() const;

  static constexpr std::size_t kMaxPending = 10'000;

 private:
  mutable std::mutex mutex_;
  std::vector<GatewayEvent> pending_;
  std::function<void()> wake_;
  std::uint64_t refused_ = 0;
  std::uint64_t refused_untold_ = 0;
};

}  // namespace sw
