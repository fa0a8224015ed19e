// SPDX-License-Identifier: Apache-2.0
#pragma once
// The gateway watching itself, from the main thread's tick: turns what it sees into gateway events
// (docs/messages.md) — a device that stops answering or answers again, the store failing over to
// memory and back, telemetry shed from a full outbox, the wall clock stepped. Each check takes what
// it needs as arguments, so the logic is tested without threads, devices or a clock.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/device_status.hpp"
#include "gateway_events.hpp"
#include "gateway_store.hpp"

namespace sw {

// A wall-clock step bigger than this is a jump, not drift: chrony's usual `makestep 1 3` steps
// the clock when it is off by more than a second, and slews anything smaller.
inline constexpr Millis kClockJumpAt{1000};

class GatewayWatch {
 public:
  // `dropped_telemetry`: the outbox's count of shed telemetry at start (it persists across
  // restarts; only what is shed from now on is told).
  GatewayWatch(GatewayEvents& events, std::uint64_t dropped_telemetry);

  // Every tick: the wall clock moved otherwise than the steady clock.
  void check_clock(SteadyTime steady, WallTime wall);
  // Devices as the pollers report them. A device first seen offline is told once it has been
  // asked (requests > 0); first seen online, nothing is told.
  void check_devices(const std::vector<DeviceStatus>& devices, WallTime wall);
  void check_storage(const StorageHealth& health, WallTime wall);
  void check_shed(std::uint64_t dropped_telemetry, WallTime wall);
  // The outbox's dead letters: a rise is told as messages_set_aside (the first check only takes
  // the count left by an earlier run).
  void check_dead_letters(std::size_t dead_letters, WallTime wall);
  // The 隐患台账's records not closed: one past its 期限 and not rectified is told once as
  // hazard_overdue (the reminder to the platform), again only after it was rectified or
  // re-planned and fell overdue anew. After a restart each overdue record is told once more.
  void check_hazards(const std::vector<store::HazardRecord>& open, WallTime wall);

 private:
  GatewayEvents& events_;
  std::optional<std::pair<SteadyTime, WallTime>> last_clock_;
  std::map<std::pair<std::string, std::string>, bool> online_;  // (bus, device) → last told
  bool storage_ok_ = true;
  std::uint64_t dropped_told_;
  std::optional<std::size_t> dead_told_;
  std::map<std::int64_t, std::string> overdue_told_;  // hazard id → the deadline told
};

}  // namespace sw
