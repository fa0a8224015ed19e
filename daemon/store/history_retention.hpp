// SPDX-License-Identifier: Apache-2.0
#pragma once
// Retention: rows older than their point's retention go, a bounded slice at a time. Samples are
// clustered by time bucket first (history.hpp), so expiry works on bucket ranges, not points:
//  - everything older than the longest retention in force is one key range at the start of the
//    table, deleted from the front;
//  - a shorter retention (the default, or a point's own) is a sweep of its own over the buckets
//    between the longest retention and its own, in key order, deleting the rows whose point keeps
//    them for less than their age; its cursor follows time, so in the steady state it reads each
//    row once, when it comes of age.
// A sample goes within one bucket (10 s) after its retention ends. A removed point's rows expire
// with the default retention. A caller that asks for more rows than were inserted since its last
// call keeps pace with any insertion rate.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/history.hpp"

namespace sw::store {

struct RetentionSlice {
  std::size_t rows_deleted = 0;   // samples and statistics
  std::size_t rows_examined = 0;  // samples read by the sweeps of the shorter retentions
  bool round_completed = false;   // everything expired at `now` is gone
};

class HistoryRetention {
 public:
  HistoryRetention(Database& db, History& history) : db_(db), history_(history) {}

  // Samples of a point listed in `per_point` are kept for its duration, others for
  // `default_keep`; statistics (of all points) for the longest of these and `statistics_keep`.
  void set(std::vector<std::pair<std::int64_t, Millis>> per_point, Millis default_keep,
           Millis statistics_keep);

  // Deletes at most `max_rows` rows and reads at most 4 × `max_rows` samples to find those of
  // the shorter retentions, in one transaction.
  RetentionSlice step(WallTime now, std::size_t max_rows);

 private:
  // A key of history_samples.
  struct Key {
    std::int64_t bucket = 0, point = 0, offset = 0;
  };
  // One retention shorter than the longest, and how far its sweep has gone.
  struct Sweep {
    Millis keep{0};
    std::optional<Key> after;  // the last row read; none: from the start of the table
  };

  Millis keep_of(std::int64_t key) const;
  void build_sweeps();
  // Runs `sweep` up to the buckets that end at `cut_ms`: deletes expired rows, at most
  // `max_rows`, reading at most `max_read`. True when it reached the end.
  bool run(Sweep& sweep, std::int64_t now_ms, std::size_t max_rows, std::size_t max_read,
           RetentionSlice& slice);

  Database& db_;
  History& history_;
  std::unordered_map<std::int64_t, Millis> per_point_;
  Millis default_keep_{30LL * 86'400'000};
  Millis statistics_keep_{730LL * 86'400'000};
  Millis longest_keep_{30LL * 86'400'000};
  std::vector<Sweep> sweeps_;  // shortest retention first
};

}  // namespace sw::store
