// SPDX-License-Identifier: Apache-2.0
#include "store/memory_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace sw::store {

MemoryOutbox::MemoryOutbox(std::size_t max_messages, std::int64_t max_bytes)
    : max_messages_(max_messages), max_bytes_(max_bytes) {}

void MemoryOutbox::add(std::vector<OutboundMessage>& messages) {
  std::lock_guard lock(mutex_);
  for (auto& m : messages) add_locked(m);
  // Insert first, then shed: a telemetry message added to an outbox full of alarms is itself the
  // oldest telemetry and goes, exactly as in the SQLite outbox.
  LaneQueue& telemetry = queue(Lane::telemetry);
  std::size_t shed = 0;
  for (std::size_t depth = depth_locked();
       (depth > max_messages_ || bytes_ > max_bytes_) && !telemetry.empty(); --depth) {
    bytes_ -= static_cast<std::int64_t>(telemetry.begin()->second.payload.size());
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
    for (auto& q : lanes_) {
      const auto it = q.find(row);
      if (it == q.end()) continue;
      bytes_ -= static_cast<std::int64_t>(it->second.payload.size());
      q.erase(it);
      break;
    }
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
  s.dead_letters = dead_.size();
  s.bytes = bytes_;
  return s;
}

void MemoryOutbox::set_aside(std::int64_t row, const std::string& reason) {
  std::lock_guard lock(mutex_);
  for (auto& q : lanes_) {
    const auto it = q.find(row);
    if (it == q.end()) continue;
    const Lane lane = it->second.lane;
    bytes_ -= static_cast<std::int64_t>(it->second.payload.size());
    DeadLetter d{std::move(it->second), WallClock::now(), reason};
    q.erase(it);
    d.message.row = ++last_dead_row_;
    dead_.emplace(d.message.row, std::move(d));
    if (lane != Lane::telemetry) return;
    std::size_t telemetry = 0;
    for (const auto& [_, dead] : dead_) telemetry += dead.message.lane == Lane::telemetry ? 1 : 0;
    for (auto t = dead_.begin(); telemetry > kMaxTelemetryDeadLetters && t != dead_.end();) {
      if (t->second.message.lane != Lane::telemetry) {
        ++t;
        continue;
      }
      t = dead_.erase(t);
      --telemetry;
      ++dropped_telemetry_;
    }
    return;
  }
}

std::vector<DeadLetter> MemoryOutbox::dead_letters(std::size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<DeadLetter> out;
  for (auto it = dead_.begin(); it != dead_.end() && out.size() < max; ++it)
    out.push_back(it->second);
  return out;
}

std::size_t MemoryOutbox::requeue_dead_letters() {
  std::lock_guard lock(mutex_);
  const std::size_t n = dead_.size();
  for (auto& [_, d] : dead_) add_locked(d.message);
  dead_.clear();
  return n;
}

void MemoryOutbox::add_locked(OutboundMessage& m) {
  m.row = ++last_row_;
  bytes_ += static_cast<std::int64_t>(m.payload.size());
  queue(m.lane).emplace(m.row, m);
}

std::size_t MemoryOutbox::depth_locked() const {
  std::size_t depth = 0;
  for (const auto& q : lanes_) depth += q.size();
  return depth;
}

}  // namespace sw::store
