// SPDX-License-Identifier: Apache-2.0
#include "store/history_retention.hpp"

#include <algorithm>
#include <limits>

namespace sw::store {

void HistoryRetention::set(std::vector<std::pair<std::int64_t, Millis>> per_point,
                           Millis default_keep, Millis statistics_keep) {
  per_point_.clear();
  for (const auto& [key, keep] : per_point) per_point_[key] = keep;
  default_keep_ = default_keep;
  longest_keep_ = default_keep;
  for (const auto& [key, keep] : per_point_) longest_keep_ = std::max(longest_keep_, keep);
  // Statistics outlive every point's samples.
  statistics_keep_ = std::max(statistics_keep, longest_keep_);
  build_sweeps();
}

Millis HistoryRetention::keep_of(std::int64_t key) const {
  auto it = per_point_.find(key);
  return it == per_point_.end() ? default_keep_ : it->second;
}

// One sweep per retention shorter than the longest (usually none, or a few classes of points).
void HistoryRetention::build_sweeps() {
  std::vector<Millis> keeps{default_keep_};
  for (const auto& [key, keep] : per_point_) keeps.push_back(keep);
  std::sort(keeps.begin(), keeps.end());
  keeps.erase(std::unique(keeps.begin(), keeps.end()), keeps.end());
  sweeps_.clear();
  for (const Millis keep : keeps)
    if (keep < longest_keep_) sweeps_.push_back(Sweep{keep, std::nullopt});
}

bool HistoryRetention::run(Sweep& sweep, std::int64_t now_ms, std::size_t max_rows,
                           std::size_t max_read, RetentionSlice& slice) {
  if (max_rows == 0 || max_read == 0) return false;
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  const Key from = sweep.after.value_or(Key{kMin, kMin, kMin});
  std::vector<Key> doomed;
  std::size_t read = 0;
  {
    auto q = db_.cached(
        "SELECT bucket, point, offset_ms FROM history_samples WHERE (bucket, point, offset_ms) > "
        "(?1, ?2, ?3) AND bucket < ?4 ORDER BY bucket, point, offset_ms LIMIT ?5");
    q->bind(1, from.bucket)
        .bind(2, from.point)
        .bind(3, from.offset)
        .bind(4, history_bucket(now_ms - sweep.keep.count()))
        .bind(5, max_read);
    while (doomed.size() < max_rows && q->step()) {
      const Key k{q->column_int64(0), q->column_int64(1), q->column_int64(2)};
      ++read;
      sweep.after = k;
      if (k.bucket * kHistoryBucketMs + k.offset < now_ms - keep_of(k.point).count())
        doomed.push_back(k);
    }
  }
  auto del =
      db_.cached("DELETE FROM history_samples WHERE bucket = ?1 AND point = ?2 AND offset_ms = ?3");
  for (const Key& k : doomed) del->bind(1, k.bucket).bind(2, k.point).bind(3, k.offset).run();
  slice.rows_deleted += doomed.size();
  slice.rows_examined += read;
  return read < max_read && doomed.size() < max_rows;
}

RetentionSlice HistoryRetention::step(WallTime now, std::size_t max_rows) {
  RetentionSlice slice;
  if (max_rows == 0) return slice;
  const std::int64_t now_ms = to_epoch_ms(now);
  const std::size_t max_read = 4 * max_rows;
  Database::Transaction tx(db_, false);
  // Older than the longest retention: whole buckets from the start of the table.
  slice.rows_deleted += history_.prune_buckets(now_ms - longest_keep_.count(), max_rows);
  bool caught_up = slice.rows_deleted < max_rows;
  // The shorter retentions, once the front of the table is clear (their sweeps start there).
  if (caught_up)
    for (Sweep& sweep : sweeps_)
      caught_up = run(sweep, now_ms, max_rows - slice.rows_deleted, max_read - slice.rows_examined,
                      slice) &&
                  caught_up;
  // Statistics are clustered by window: the expired ones are one range at the start of the table.
  const std::size_t room = max_rows - std::min(max_rows, slice.rows_deleted);
  const std::size_t stats = history_.prune_statistics(now_ms - statistics_keep_.count(), room);
  slice.rows_deleted += stats;
  tx.commit();
  slice.round_completed = caught_up && stats < room;
  return slice;
}

}  // namespace sw::store
