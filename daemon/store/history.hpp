// SPDX-License-Identifier: Apache-2.0
#pragma once
// Point history (what telemetry reports: changes beyond the deadband and the periodic snapshot) and
// 5-minute statistics. Rows carry the point's integer key from `points` (point_keys.hpp), so the
// write side handles no strings; reads give the point's id back. Writes are not durable
// (synchronous=NORMAL): a power cut may lose the last moments of history, never corrupt it.
// What is deleted, when, lives in history_retention.* and disk_budget.*; this file only offers
// bounded deletes by time range.
//
// Samples are clustered by a 10-second time bucket first, then point, then the millisecond in the
// bucket (schema.cpp, migration 2): a turn's rows, one per changed point, land on the few pages of
// the current bucket instead of a page per point, and expiry is a range at the start of the table.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/quality.hpp"
#include "store/database.hpp"
#include "store/statistics_seals.hpp"

namespace sw::store {

// The width of a history bucket; schema.cpp's `time_ms` column repeats it.
inline constexpr std::int64_t kHistoryBucketMs = 10'000;
// The bucket holding `time_ms` (rounded down, also below 0).
constexpr std::int64_t history_bucket(std::int64_t time_ms) {
  const std::int64_t q = time_ms / kHistoryBucketMs;
  return time_ms % kHistoryBucketMs < 0 ? q - 1 : q;
}

// The write side: one sample of one point, 24 bytes of payload.
struct HistoryRow {
  std::int64_t point = 0;  // the point's key in `points`
  std::int64_t time_ms = 0;
  double value = 0;  // NaN when not good
  Quality quality = Quality::good;
};

// The read side (console history, resends): the point named by its id.
struct HistoryRecord {
  std::string point;
  WallTime time;
  double value = 0;  // NaN when not good
  Quality quality = Quality::good;
};

// A closed statistics window, as written.
struct StatisticsRow {
  std::int64_t point = 0;
  WallTime window_start;  // aligned to the window
  Millis window{300'000};
  double min = 0, max = 0, avg = 0;
  std::int64_t count = 0;
};

// A statistics window, as read.
struct Statistics {
  std::string point;
  WallTime window_start;
  Millis window{300'000};
  double min = 0, max = 0, avg = 0;
  std::int64_t count = 0;
};

class History {
 public:
  explicit History(Database& db) : db_(db), seals_(db) {}
  // Both join the caller's transaction, or use one of their own. Two samples of one point in the
  // same millisecond: the later replaces the earlier. A window written twice (a restart
  // mid-window) keeps the later figures. Statistics windows written are sealed (seals()).
  void append(const std::vector<HistoryRow>& rows);
  void append(const std::vector<StatisticsRow>& stats);

  // Samples of `point` with since <= time < until, oldest first, at most `max`.
  std::vector<HistoryRecord> query(const std::string& point, WallTime since, WallTime until,
                                   std::size_t max);
  // The same over every point, ordered by time then point id.
  std::vector<HistoryRecord> query_all(WallTime since, WallTime until, std::size_t max);
  // Statistics windows of `point` starting in [since, until), oldest first. (Statistics are
  // clustered by window, so this reads every point's windows in the range: for reports, not for
  // a hot path.)
  std::vector<Statistics> query_statistics(const std::string& point, WallTime since, WallTime until,
                                           std::size_t max);

  // Deletes the oldest of point `key`'s samples older than `before_ms`, at most `max_rows`;
  // returns how many went. One seek per bucket from the oldest in the table: for one point now
  // and then, not for going round all of them (retention and the budget delete by bucket range).
  std::size_t prune(std::int64_t key, std::int64_t before_ms, std::size_t max_rows);
  // Deletes samples of every point in buckets that ended at or before `before_ms` (so a sample
  // may outlive `before_ms` by up to one bucket), oldest bucket first, at most `max_rows`, as one
  // key range at the start of the table; returns how many went.
  std::size_t prune_buckets(std::int64_t before_ms, std::size_t max_rows);
  // Deletes the oldest `max_rows` samples (oldest bucket first; within a bucket by point): one
  // key range at the start of the table. Returns how many went.
  std::size_t prune_oldest(std::size_t max_rows);
  // Deletes the oldest statistics windows (of all points) starting before `before_ms`, at most
  // `max_rows`, releasing their seals; returns how many went.
  std::size_t prune_statistics(std::int64_t before_ms, std::size_t max_rows);

  // The time of point `key`'s oldest sample (one seek per bucket from the oldest until found),
  // and of the oldest statistics window, if any.
  std::optional<std::int64_t> oldest_sample_ms(std::int64_t key);
  std::optional<std::int64_t> oldest_statistics_ms();
  bool has_samples();
  bool has_statistics();
  StatisticsSeals& seals() { return seals_; }

 private:
  // The first and last bucket holding samples, nullopt when there are none.
  std::optional<std::pair<std::int64_t, std::int64_t>> bucket_span();
  // Deletes the samples before the key (bucket, point, offset) of the `max_rows`-th row in key
  // order among those in buckets below `end_bucket`, or all of them when fewer.
  std::size_t prune_prefix(std::int64_t end_bucket, std::size_t max_rows);

  Database& db_;
  StatisticsSeals seals_;
};

}  // namespace sw::store
