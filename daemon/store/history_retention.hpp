#pragma once
// Retention: rows older than their point's retention go, a slice at a time. Every call goes on
// from the point where the last one stopped, round all the keys in `points` (a removed point's
// rows expire with the default retention), so every point is pruned however many there are, and a
// caller that asks for more rows than were inserted since its last call keeps pace with any
// insertion rate.
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/history.hpp"

namespace sw::store {

struct RetentionSlice {
  std::size_t rows_deleted = 0;  // samples and statistics
  std::size_t points_visited = 0;
  bool round_completed =
      false;  // the last key was reached: the next slice starts again at the first
};

class HistoryRetention {
 public:
  HistoryRetention(Database& db, History& history) : db_(db), history_(history) {}

  // Samples of a point listed in `per_point` are kept for its duration, others for
  // `default_keep`; statistics (of all points) for the longest of these and `statistics_keep`.
  void set(std::vector<std::pair<std::int64_t, Millis>> per_point, Millis default_keep,
           Millis statistics_keep);

  // Visits at most `max_points` points and deletes at most `max_rows` rows, in one transaction.
  RetentionSlice step(WallTime now, std::size_t max_rows, std::size_t max_points);

 private:
  Millis keep_of(std::int64_t key) const;

  Database& db_;
  History& history_;
  std::unordered_map<std::int64_t, Millis> per_point_;
  Millis default_keep_{30LL * 86'400'000};
  Millis statistics_keep_{730LL * 86'400'000};
  std::int64_t cursor_ = 0;  // the next slice starts at the first key above this
};

}  // namespace sw::store
