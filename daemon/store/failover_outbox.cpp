// SPDX-License-Identifier: Apache-2.0
#include "store/failover_outbox.hpp"

#include <spdlog/spdlog.h>

#include "store/store_error.hpp"

namespace sw::store {

std::vector<OutboundMessage> FailoverOutbox::next(Lane lane, std::int64_t after_row,
                                                  std::size_t max) {
  auto& cursor = durable_cursor_[static_cast<std::size_t>(lane)];
  std::vector<OutboundMessage> out;
  try {
    out = durable_.next(lane, after_row < kMemoryRowBase ? after_row : cursor, max);
  } catch (const StoreError& e) {
    spdlog::error("[store] reading the outbox failed: {}", e.what());
  }
  if (!out.empty()) cursor = out.back().row;
  if (after_row < kMemoryRowBase && !out.empty()) return out;
  if (out.size() < max) {
    const std::int64_t mem_after = after_row >= kMemoryRowBase ? after_row - kMemoryRowBase : 0;
    auto more = memory_.next(lane, mem_after, max - out.size());
    for (auto& m : more) {
      m.row += kMemoryRowBase;
      out.push_back(std::move(m));
    }
  }
  return out;
}

void FailoverOutbox::remove(const std::vector<std::int64_t>& rows) {
  std::vector<std::int64_t> durable_rows, memory_rows;
  for (auto r : rows)
    (r >= kMemoryRowBase ? memory_rows : durable_rows)
        .push_back(r >= kMemoryRowBase ? r - kMemoryRowBase : r);
  if (!memory_rows.empty()) memory_.remove(memory_rows);
  if (!durable_rows.empty()) durable_.remove(durable_rows);
}

OutboxStats FailoverOutbox::stats() const {
  OutboxStats s = durable_.stats();
  s += memory_.stats();
  return s;
}

void FailoverOutbox::set_aside(std::int64_t row, const std::string& reason) {
  if (row >= kMemoryRowBase)
    memory_.set_aside(row - kMemoryRowBase, reason);
  else
    durable_.set_aside(row, reason);
}

std::vector<DeadLetter> FailoverOutbox::dead_letters(std::size_t max) const {
  std::vector<DeadLetter> out = durable_.dead_letters(max);
  for (auto& d : memory_.dead_letters(max - out.size())) out.push_back(std::move(d));
  return out;
}

std::size_t FailoverOutbox::requeue_dead_letters() {
  return durable_.requeue_dead_letters() + memory_.requeue_dead_letters();
}

}  // namespace sw::store
