// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox owns delivery: a message stays until the uplink reports its PUBACK. One interface, two
// implementations (SQLite for the daemon, memory for the fallback when the disk fails), one test
// suite run against both (tests/unit/store/outbox_contract_test.cpp).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/outbound_message.hpp"

namespace sw::store {

struct OutboxStats {
  std::size_t depth = 0;
  std::array<std::size_t, kLaneCount> by_lane{};
  std::uint64_t dropped_telemetry = 0;  // shed because the outbox was full: counted, never silent
  std::optional<WallTime> oldest;
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Accepts messages (assigning `row`). Alarm-lane messages are durable when this returns. When the
  // outbox is full the oldest telemetry is dropped and counted; alarms are never dropped.
  // Throws StoreError when it cannot accept them.
  virtual void add(std::vector<OutboundMessage>& messages) = 0;
  // Up to `max` messages of `lane` with row > after_row, oldest first.
  virtual std::vector<OutboundMessage> next(Lane lane, std::int64_t after_row, std::size_t max) = 0;
  // Deletes delivered messages (PUBACK received).
  virtual void remove(const std::vector<std::int64_t>& rows) = 0;
  virtual OutboxStats stats() const = 0;
};

}  // namespace sw::store
