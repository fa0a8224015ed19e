// SPDX-License-Identifier: Apache-2.0
#pragma once
// The disk budget (DESIGN.md "The store on a small flash"): the store's file and WAL never grow
// past `max_size`, nor leave less than `min_free` on the filesystem. Near the limit history is
// thinned oldest first — raw samples first (a range at the start of their table: they are
// clustered by time bucket), then, when none are left, statistics — a bounded slice per call, and
// the freed pages are handed back to the filesystem (auto_vacuum=INCREMENTAL, then a checkpoint
// that truncates file and WAL). The alarm ledger, the alarm state and the outbox are never touched:
// when only they are left and still too big, `over_budget` says so.
#include <cstdint>

#include "core/byte_size.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/history.hpp"

namespace sw::store {

// What the store takes on disk now.
struct StoreFootprint {
  std::int64_t page_size = 0;
  std::int64_t pages = 0;       // the database's size in pages, free ones included
  std::int64_t free_pages = 0;  // pages no table uses, not yet given back
  std::int64_t file_bytes = 0;  // the file itself (larger than pages until a checkpoint)
  std::int64_t wal_bytes = 0;
  std::int64_t used_bytes() const { return (pages - free_pages) * page_size; }
  std::int64_t total_bytes() const;
};

// Reads the page counts (PRAGMAs: cheap) and the file sizes (two stat calls).
StoreFootprint measure_footprint(Database& db);

struct BudgetStatus {
  std::int64_t size_bytes = 0;   // file + WAL at the last check
  std::int64_t limit_bytes = 0;  // the smaller of max_size and what min_free leaves the store
  bool thinning = false;         // history is being thinned to make room
  bool over_budget = false;      // over the limit with no history left to thin
};

class DiskBudget {
 public:
  DiskBudget(Database& db, History& history, ByteSize max_size, FreeSpace min_free);

  // Measures at most once a second of `now`. While the store is near or over its limit, deletes
  // the oldest history rows, at most `max_rows` (one key range), and gives back free pages.
  // Returns the rows deleted.
  std::size_t step(WallTime now, std::size_t max_rows);
  const BudgetStatus& status() const { return status_; }

 private:
  void check(WallTime now);
  void set_limit(std::int64_t limit, std::int64_t page_size);
  std::size_t thin(std::size_t max_rows);
  void give_back_pages(const StoreFootprint& f);

  Database& db_;
  History& history_;
  ByteSize max_size_;
  FreeSpace min_free_;
  BudgetStatus status_;
  std::int64_t wal_cap_ = 0;   // journal_size_limit and the auto-checkpoint threshold
  std::int64_t wal_peak_ = 0;  // the largest WAL a check has found (one turn's transaction)
  std::int64_t high_ = 0;      // thinning starts when the used pages pass this...
  std::int64_t low_ = 0;       // ...and stops below this
  WallTime next_check_{};
  bool warned_ = false;
};

}  // namespace sw::store
