// SPDX-License-Identifier: Apache-2.0
#pragma once
// The durable SQLite outbox and the memory fallback seen as one: what the publisher drains, and
// what GatewayStore counts and requeues dead letters through (on its other connections). Drained,
// the durable outbox comes first, then what the memory fallback took while the disk was failing.
// Per lane, durable rows come first; a durable row added after the publisher moved into memory rows
// is still found. Memory rows are handed out above kMemoryRowBase, so one cursor spans both. Keeps
// the Outbox contract (tests/unit/store/outbox_contract_test.cpp runs it like the other two).
#include <array>
#include <cstdint>

#include "store/memory_outbox.hpp"
#include "store/outbox.hpp"

namespace sw::store {

class FailoverOutbox final : public Outbox {
 public:
  static constexpr std::int64_t kMemoryRowBase = std::int64_t{1} << 60;

  // New messages go to `durable`; `memory` is filled by whoever found the disk failing.
  FailoverOutbox(Outbox& durable, MemoryOutbox& memory) : durable_(durable), memory_(memory) {}

  void add(std::vector<OutboundMessage>& messages) override { durable_.add(messages); }
  std::vector<OutboundMessage> next(Lane lane, std::int64_t after_row, std::size_t max) override;
  void remove(const std::vector<std::int64_t>& rows) override;
  OutboxStats stats() const override;
  void set_aside(std::int64_t row, const std::string& reason) override;
  std::vector<DeadLetter> dead_letters(std::size_t max) const override;
  std::size_t requeue_dead_letters() override;

 private:
  Outbox& durable_;
  MemoryOutbox& memory_;
  std::array<std::int64_t, kLaneCount> durable_cursor_{};
};

}  // namespace sw::store
