// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the console and the heartbeat read: a snapshot the rules thread publishes a few times a
// second. Readers never touch the rules thread's state, so they can never block the pipeline.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "alarms/alarm_book.hpp"
#include "core/point.hpp"
#include "core/sample.hpp"
#include "rules/point_table.hpp"

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
  std::vector<PointView> points;                              // empty unless has_points
  bool has_points = false;
  // The hazard engine's points with their resolved settings, for `limits` (shared, immutable).
  std::shared_ptr<const rules::PointTable> rule_points;
  std::vector<alarms::AlarmRecord> alarms;  // not back to normal
  std::uint64_t samples_processed = 0;
  std::uint64_t samples_refused = 0;   // the rules queue was full: counted, never silent
  std::uint64_t storage_failures = 0;  // batches that could not be written durably
  std::string storage_problem;         // empty when the store is healthy
};

// Where the rules thread leaves its snapshot. Building one walks every point, so it is built when
// someone reads: a reader that finds the snapshot older than kFreshFor asks for a new one, wakes
// the rules thread and waits for it at most kWaitAtMost (then takes what there is: a stuck rules
// thread never stalls the console). A site nobody is looking at costs no snapshots. Readers of
// the alarms and counts alone (the heartbeat, the watchdog's status line) take a summary without
// the per-point lines: at 10,000 points those cost milliseconds to copy and to free.
class LiveStateBoard {
 public:
  static constexpr Millis kFreshFor{250};
  static constexpr Millis kWaitAtMost{500};

  // `state->has_points` says whether it carries the per-point lines.
  void publish(std::shared_ptr<const LiveState> state) {
    {
      std::lock_guard lock(mutex_);
      const SteadyTime now = SteadyClock::now();
      // A summary newer than the last points snapshot (an alarm changed, an operator acted)
      // makes that one out of date: the next reader of points asks for a new one.
      points_current_ = state->has_points;
      if (state->has_points) {
        with_points_ = state;
        points_at_ = now;
        points_wanted_ = false;
      }
      state_ = std::move(state);
      published_at_ = now;
      wanted_ = points_wanted_;  // a reader of points still waiting keeps asking
    }
    fresh_.notify_all();
  }
  // A snapshot with every point's line, at most kFreshFor old when the rules thread is turning.
  std::shared_ptr<const LiveState> read() const {
    std::unique_lock lock(mutex_);
    const SteadyTime asked = SteadyClock::now();
    if (with_points_ && points_current_ && asked - points_at_ <= kFreshFor) return with_points_;
    wanted_ = true;
    points_wanted_ = true;
    if (wake_) wake_();
    fresh_.wait_until(lock, asked + kWaitAtMost, [&] { return points_at_ >= asked; });
    if (with_points_) return with_points_;
    return state_ ? state_ : std::make_shared<const LiveState>();
  }
  // The alarms and counts, at most kFreshFor old; its per-point lines may be missing.
  std::shared_ptr<const LiveState> read_summary() const {
    std::unique_lock lock(mutex_);
    const SteadyTime asked = SteadyClock::now();
    if (state_ && asked - published_at_ <= kFreshFor) return state_;
    wanted_ = true;
    if (wake_) wake_();
    fresh_.wait_until(lock, asked + kWaitAtMost, [&] { return published_at_ >= asked; });
    return state_ ? state_ : std::make_shared<const LiveState>();
  }
  // Rules thread: whether the next snapshot should carry the per-point lines.
  bool points_wanted() const {
    std::lock_guard lock(mutex_);
    return points_wanted_;
  }
  // Rules thread: whether a reader waits for a new snapshot.
  bool wanted() const {
    std::lock_guard lock(mutex_);
    return wanted_;
  }
  // The running rules thread's wake-up. A reload starts the new rules thread before the old one
  // has gone, so the old one clears only its own (by the number set_waker gave it).
  std::uint64_t set_waker(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
    return ++waker_id_;
  }
  void clear_waker(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    if (id == waker_id_) wake_ = nullptr;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable fresh_;
  std::shared_ptr<const LiveState> state_;        // the newest, with or without points
  std::shared_ptr<const LiveState> with_points_;  // the newest with points
  SteadyTime published_at_{};
  SteadyTime points_at_{};
  mutable bool wanted_ = false;
  mutable bool points_wanted_ = false;
  bool points_current_ = false;  // with_points_ is also the newest snapshot
  std::function<void()> wake_;
  std::uint64_t waker_id_ = 0;
};

}  // namespace sw
