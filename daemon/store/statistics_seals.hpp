// SPDX-License-Identifier: Apache-2.0
#pragma once
// Tamper evidence for the 5-minute statistics (issue 17 §4). Coal supervision keeps them for two
// years and reads exceedances from them, so an edited maximum must show like an edited alarm
// record. Each window, once written, gets a seal: SHA-256 over its previous seal's hash, its start
// and its rows in point order (point id, window, min, max, avg, count), kept in
// `statistics_seals`; the newest seal is also recorded in meta, like the ledger's head.
//
// Statistics are deleted oldest first (retention, the disk budget), sometimes part of a window:
// before rows of a window go, its seal and the older ones are released, and the last released
// hash becomes the anchor the oldest remaining seal must follow. So deleting from the old end is
// not tampering; deleting from the middle or the new end, or editing, inserting or re-sealing a
// window (unless every later seal and the meta head are rewritten too) is. The seal's head goes to
// the platform in the heartbeat, so a chain rewritten locally shows there.
//
// Checking every row of two years at 10,000 points would read ~200 M rows; verify() checks every
// seal's link each time but re-reads window contents in slices, from a cursor that goes round.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace sw::store {

struct StatisticsSealHead {
  std::int64_t window_start_ms = 0;  // 0 with the genesis hash: nothing sealed yet
  std::string hash;
};

struct StatisticsVerdict {
  bool intact = true;
  std::int64_t windows = 0;       // seals walked
  std::int64_t rows_checked = 0;  // rows whose window's seal was recomputed this time
  std::optional<std::int64_t> first_bad_window_ms;
  std::string problem;  // "window 2026-12-07T10:05:00Z: rows differ from their seal (edited)"
};

class StatisticsSeals {
 public:
  explicit StatisticsSeals(Database& db) : db_(db) {}

  // After rows of these windows were written (same transaction): seals them, and every window
  // after the earliest of them again (a restart re-writes the window it stopped in, normally the
  // newest one, so normally one seal).
  void seal(std::vector<std::int64_t> window_starts_ms);
  // Before rows of windows starting at or before `window_start_ms` are deleted: their seals go,
  // and the newest of them becomes the anchor.
  void release_through(std::int64_t window_start_ms);

  // Every seal's link, the head, and the contents of at least `min_rows` rows from where the last
  // call stopped (round the table, then again from the oldest), plus every window sealed since.
  StatisticsVerdict verify(std::size_t min_rows);
  StatisticsSealHead head();

 private:
  struct Seal {
    std::int64_t window_start_ms = 0;
    std::int64_t rows = 0;
    std::string prev_hash, hash;
  };
  // The window's canonical text (what the seal hashes) and how many rows it has.
  std::pair<std::string, std::int64_t> window_text(std::int64_t window_start_ms);
  std::vector<Seal> seals_from(std::int64_t window_start_ms);
  // verify(): re-reads windows from `from` on, stopping at the first window start after `budget`
  // rows (returned: where to go on), or at the end (nullopt).
  struct Contents {
    const std::map<std::int64_t, const Seal*>& by_window;
    std::int64_t released;
    const std::function<void(std::int64_t, std::string)>& fail;
    StatisticsVerdict& verdict;
  };
  std::optional<std::int64_t> check_contents(std::int64_t from, std::size_t budget,
                                             const Contents& c);
  std::string hash_before(std::int64_t window_start_ms);

  Database& db_;
  std::int64_t recheck_from_ms_ = 0;      // verify(): where the next content slice starts
  std::int64_t checked_through_ms_ = -1;  // verify(): newest window whose content was checked
};

}  // namespace sw::store
