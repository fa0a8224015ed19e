// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox in memory: what the daemon falls back to when the disk fails, and what the uplink's
// tests run against. Same contract as the SQLite outbox
// (tests/unit/store/outbox_contract_test.cpp): bounded, the oldest telemetry shed first and
// counted, alarms never dropped. Nothing survives a restart, so alarms in it are not durable.
// Thread-safe: the rules thread adds while the uplink drains.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "store/outbox.hpp"

namespace sw::store {

class MemoryOutbox final : public Outbox {
 public:
  // `max_messages`, `max_bytes` (of payload): beyond either the oldest telemetry is dropped. Alarm,
  // event and status messages are never dropped, so those lanes alone may hold more than the bound.
  explicit MemoryOutbox(std::size_t max_messages, std::int64_t max_bytes = kNoByteLimit);

  void add(std::vector<OutboundMessage>& messages) override;
  std::vector<OutboundMessage> next(Lane lane, std::int64_t after_row, std::size_t max) override;
  void remove(const std::vector<std::int64_t>& rows) override;
  OutboxStats stats() const override;
  void set_aside(std::int64_t row, const std::string& reason) override;
  std::vector<DeadLetter> dead_letters(std::size_t max) const override;
  std::size_t requeue_dead_letters() override;

 private:
  using LaneQueue = std::map<std::int64_t, OutboundMessage>;  // by row: ordered, cheap erase
  LaneQueue& queue(Lane lane) { return lanes_[static_cast<std::size_t>(lane)]; }
  std::size_t depth_locked() const;
  void add_locked(OutboundMessage& m);

  const std::size_t max_messages_;
  const std::int64_t max_bytes_;
  mutable std::mutex mutex_;
  std::array<LaneQueue, kLaneCount> lanes_;
  std::map<std::int64_t, DeadLetter> dead_;  // by dead-letter row
  std::int64_t last_row_ = 0;
  std::int64_t bytes_ = 0;  // of the payloads in lanes_
  std::int64_t last_dead_row_ = 0;
  std::uint64_t dropped_telemetry_ = 0;
};

}  // namespace sw::store
