#pragma once
// Point history (what telemetry reports: changes beyond the deadband and the periodic snapshot) and
// 5-minute statistics, kept for a retention per point and pruned in small steps so the pipeline never
// stalls on a large delete.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "store/database.hpp"

namespace sw::store {

struct Statistics {
  std::string point;
  WallTime window_start;  // aligned to 5 minutes
  double min = 0, max = 0, avg = 0;
  std::int64_t count = 0;
};

class History {
 public:
  explicit History(Database& db) : db_(db) {}
  void append(const std::vector<Sample>& samples);
  void append(const std::vector<Statistics>& stats);
  std::vector<Sample> query(const std::string& point, WallTime since, WallTime until,
                            std::size_t max);
  std::vector<Sample> query_all(WallTime since, WallTime until, std::size_t max);
  // Deletes at most `max_rows` rows of `point` (or all points when empty) older than `before`.
  // Returns how many were deleted; call again until 0.
  std::size_t prune(const std::string& point, WallTime before, std::size_t max_rows);

 private:
  Database& db_;
};

}  // namespace sw::store
