#include "store/history_retention.hpp"

#include <algorithm>

namespace sw::store {

void HistoryRetention::set(std::vector<std::pair<std::int64_t, Millis>> per_point,
                           Millis default_keep, Millis statistics_keep) {
  per_point_.clear();
  for (const auto& [key, keep] : per_point) per_point_[key] = keep;
  default_keep_ = default_keep;
  // Statistics outlive every point's samples.
  statistics_keep_ = std::max(statistics_keep, default_keep);
  for (const auto& [key, keep] : per_point_) statistics_keep_ = std::max(statistics_keep_, keep);
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
    slice.rows_deleted += history_.prune(key, now_ms - keep.count(), max_rows - slice.rows_deleted);
    ++slice.points_visited;
    // A point with more to delete than this slice could take is where the next one starts.
    if (slice.rows_deleted >= max_rows) break;
    cursor_ = key;
  }
  // Statistics are clustered by window: the expired ones are one range at the start of the table.
  slice.rows_deleted += history_.prune_statistics(
      now_ms - statistics_keep_.count(), max_rows - std::min(max_rows, slice.rows_deleted));
  tx.commit();
  if (keys.size() < max_points && slice.rows_deleted < max_rows) {
    cursor_ = 0;
    slice.round_completed = true;
  }
  return slice;
}

}  // namespace sw::store
