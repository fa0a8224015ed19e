// SPDX-License-Identifier: Apache-2.0
#include "store/memory_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sw::store {

MemoryOutbox::MemoryOutbox(std::size_t max_messages) : max_messages_(max_messages) {}

void MemoryOutbox::add(std::vector<OutboundMessage>& messages) {
  std::lock_guard lock(mutex_);
  for (auto& m : messages) {
    m.row = ++last_row_;
    queue(m.lane).emplace(m.row, m);
  }
  // Insert first, then shed: a telemetry message added to an outbox full of alarms is itself the
  // oldest telemetry and goes, exactly as in the SQLite outbox.
  LaneQueue& telemetry = queue(Lane::telemetry);
  std::size_t shed = 0;
  for (std::size_t depth = depth_locked(); depth > max_messages_ && !telemetry.empty(); --depth) {
    telemetry.erase(telemetry.begin());
    ++shed;
  }
  if (shed > 0) {
    dropped_telemetry_ += shed;
    spdlog::warn("[store] memory outbox full ({} messages): dropped the {} oldest telemetry",
                 max_messages_, shed);
  }
}

std::vector<OutboundMessage> MemoryOutbox::next(Lane lane, std::int64_t after_row,
                                                std::size_t max) {
  std::lock_guard lock(mutex_);
  std::vector<OutboundMessage> out;
  const LaneQueue& q = queue(lane);
  for (auto it = q.upper_bound(after_row); it != q.end() && out.size() < max; ++it)
    out.push_back(it->second);
  return out;
}

void MemoryOutbox::remove(const std::vector<std::int64_t>& rows) {
  std::lock_guard lock(mutex_);
  for (const std::int64_t row : rows)
    for (auto& q : lanes_)
      if (q.erase(row) > 0) break;
}

OutboxStats MemoryOutbox::stats() const {
  std::lock_guard lock(mutex_);
  OutboxStats s;
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    const LaneQueue& q = lanes_[i];
    s.by_lane[i] = q.size();
    s.depth += q.size();
    if (q.empty()) continue;
    const WallTime first = q.begin()->second.created;
    s.oldest = s.oldest ? std::min(*s.oldest, first) : first;
  }
  s.dropped_telemetry = dropped_telemetry_;
  return s;
}

std::size_t MemoryOutbox::depth_locked() const {
  std::size_t depth = 0;
  for (const auto& q : lanes_) depth += q.size();
  return depth;
}

}  // namespace sw::store
