#pragma once
// What the console and the heartbeat read: a snapshot the rules thread publishes a few times a
// second. Readers never touch the rules thread's state, so they can never block the pipeline.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "alarms/alarm_book.hpp"
#include "core/point.hpp"
#include "core/sample.hpp"

namespace sw {

// One point's line of the snapshot. Names and units are not copied: `info` points into the
// snapshot's shared, immutable point table.
struct PointView {
  const PointInfo* info = nullptr;
  std::optional<Sample> latest;
  std::string active_level;  // most severe active alarm level on the point, empty when none
  std::string active_rule;   // the rule of that alarm
  int active_priority = 0;   // its priority (1 most urgent), when active_level is set
};

struct LiveState {
  WallTime updated;
  std::shared_ptr<const std::vector<PointInfo>> point_table;  // what PointView::info points into
  std::vector<PointView> points;
  std::vector<alarms::AlarmRecord> alarms;  // not back to normal
  std::uint64_t samples_processed = 0;
  std::uint64_t samples_refused = 0;   // the rules queue was full: counted, never silent
  std::uint64_t storage_failures = 0;  // batches that could not be written durably
  std::string storage_problem;         // empty when the store is healthy
};

class LiveStateBoard {
 public:
  void publish(std::shared_ptr<const LiveState> state) {
    std::lock_guard lock(mutex_);
    state_ = std::move(state);
  }
  std::shared_ptr<const LiveState> read() const {
    std::lock_guard lock(mutex_);
    return state_ ? state_ : std::make_shared<const LiveState>();
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LiveState> state_;
};

}  // namespace sw
