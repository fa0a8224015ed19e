#include "store/history_retention.hpp"

#include <algorithm>

namespace sw::store {

void HistoryRetention::set(std::vector<std::pair<std::int64_t, Millis>> per_point,
                           Millis default_keep, Millis statistics_keep) {
  per_point_.clear();
  for (const auto& [key, keep] : per_point) per_point_[key] = keep;
  default_keep_ = default_keep;
  statistics_keep_ = statistics_keep;
}

Millis HistoryRetention::keep_of(std::int64_t key) const {
  auto it = per_point_.find(key);
  return it == per_point_.end() ? default_keep_ : it->second;
}

RetentionSlice HistoryRetention::step(WallTime now, std::size_t max_rows, std::size_t max_points) {
  RetentionSlice slice;
  if (max_rows == 0 || max_points == 0) return slice;
  std::vector<std::int64_t> keys;
  {
    auto q = db_.cached("SELECT key FROM points WHERE key > ?1 ORDER BY key LIMIT ?2");
    q->bind(1, cursor_).bind(2, max_points);
    while (q->step()) keys.push_back(q->column_int64(0));
  }
  const std::int64_t now_ms = to_epoch_ms(now);
  Database::Transaction tx(db_, false);
  for (const std::int64_t key : keys) {
    const Millis keep = keep_of(key);
    const std::size_t left = max_rows - slice.rows_deleted;
    std::size_t n = history_.prune(key, now_ms - keep.count(), left);
    if (n < left)
      n += history_.prune_statistics(key, now_ms - std::max(keep, statistics_keep_).count(),
                                     left - n);
    slice.rows_deleted += n;
    ++slice.points_visited;
    // A point with more to delete than this slice could take is where the next one starts.
    if (slice.rows_deleted >= max_rows) break;
    cursor_ = key;
  }
  tx.commit();
  if (keys.size() < max_points && slice.rows_deleted < max_rows) {
    cursor_ = 0;
    slice.round_completed = true;
  }
  return slice;
}

}  // namespace sw::store
