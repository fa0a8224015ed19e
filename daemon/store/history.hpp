#pragma once
// Point history (what telemetry reports: changes beyond the deadband and the periodic snapshot) and
// 5-minute statistics, kept for a retention per point and pruned in small steps so the pipeline
// never stalls on a large delete. Writes are not durable (synchronous=NORMAL): a power cut may lose
// the last moments of history, never corrupt it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "store/database.hpp"

namespace sw::store {

struct Statistics {
  std::string point;
  WallTime window_start;  // aligned to the window
  Millis window{300'000};
  double min = 0, max = 0, avg = 0;
  std::int64_t count = 0;
};

class History {
 public:
  explicit History(Database& db) : db_(db) {}
  // Both join the caller's transaction, or use one of their own.
  void append(const std::vector<Sample>& samples);
  // A window written twice (a restart mid-window) keeps the later figures.
  void append(const std::vector<Statistics>& stats);

  // Samples of `point` with since <= time < until, oldest first, at most `max`.
  std::vector<Sample> query(const std::string& point, WallTime since, WallTime until,
                            std::size_t max);
  // The same over every point, ordered by time then point.
  std::vector<Sample> query_all(WallTime since, WallTime until, std::size_t max);
  // Statistics windows of `point` starting in [since, until), oldest first.
  std::vector<Statistics> query_statistics(const std::string& point, WallTime since, WallTime until,
                                           std::size_t max);

  // Deletes at most `max_rows` samples of `point` (or of all points when empty) older than
  // `before`. Returns how many were deleted; call again (later) until 0.
  std::size_t prune(const std::string& point, WallTime before, std::size_t max_rows);
  // The same for statistics (kept longer: 2 years for coal-mine methane, see DOMAIN.md).
  std::size_t prune_statistics(const std::string& point, WallTime before, std::size_t max_rows);

 private:
  Database& db_;
};

}  // namespace sw::store
