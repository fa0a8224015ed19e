// SPDX-License-Identifier: Apache-2.0
#include "store/disk_budget.hpp"

#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <optional>

namespace sw::store {

namespace {
constexpr Millis kCheckEvery{1000};
constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

std::int64_t pragma_int(Database& db, const char* sql) {
  auto q = db.cached(sql);
  return q->step() ? q->column_int64(0) : 0;
}

std::int64_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

// What the filesystem holding `path` lets the store have on top of what it has: free space
// minus what must stay free. nullopt when the filesystem cannot be asked.
std::optional<std::int64_t> room_on_filesystem(const std::string& path, const FreeSpace& keep) {
  struct statvfs fs {};
  const auto dir = std::filesystem::path(path).parent_path();
  if (statvfs(dir.empty() ? "." : dir.c_str(), &fs) != 0) return std::nullopt;
  const auto unit = static_cast<std::int64_t>(fs.f_frsize);
  const auto total = static_cast<std::int64_t>(fs.f_blocks) * unit;
  const auto available = static_cast<std::int64_t>(fs.f_bavail) * unit;
  return available - keep.bytes_of(total);
}
}  // namespace

std::int64_t StoreFootprint::total_bytes() const {
  return std::max(file_bytes, pages * page_size) + wal_bytes;
}

StoreFootprint measure_footprint(Database& db) {
  StoreFootprint f;
  f.page_size = pragma_int(db, "PRAGMA page_size");
  f.pages = pragma_int(db, "PRAGMA page_count");
  f.free_pages = pragma_int(db, "PRAGMA freelist_count");
  f.file_bytes = file_size_or_zero(db.path());
  f.wal_bytes = file_size_or_zero(db.path() + "-wal");
  return f;
}

DiskBudget::DiskBudget(Database& db, History& history, ByteSize max_size, FreeSpace min_free)
    : db_(db), history_(history), max_size_(max_size), min_free_(min_free) {}

// The WAL gets a small share of the budget, and thinning starts a margin below what is left, so
// that a second of inserts between two checks cannot carry the store past its limit.
void DiskBudget::set_limit(std::int64_t limit, std::int64_t page_size) {
  const std::int64_t share = std::clamp<std::int64_t>(limit / 32, 32 << 10, 32 << 20);
  const std::int64_t wal_cap = std::clamp<std::int64_t>(limit / 32, 32 << 10, 16 << 20);
  if (wal_cap != wal_cap_) {
    wal_cap_ = wal_cap;
    db_.exec("PRAGMA journal_size_limit = " + std::to_string(wal_cap_));
    db_.exec("PRAGMA wal_autocheckpoint = " +
             std::to_string(
                 std::max<std::int64_t>(wal_cap_ / std::max<std::int64_t>(page_size, 1) / 2, 4)));
  }
  status_.limit_bytes = limit;
  // A turn's transaction (or a statistics window closing for every point) goes to the WAL whole
  // before any checkpoint can run: the largest WAL seen is kept free too.
  high_ = limit - 2 * wal_cap_ - std::min(wal_peak_, limit / 4) - share;
  low_ = high_ - share;
}

void DiskBudget::check(WallTime now) {
  next_check_ = now + kCheckEvery;
  StoreFootprint f = measure_footprint(db_);
  // Remembered for a few minutes (a one-off bulk write fades), never more than a quarter of it.
  wal_peak_ = std::max(wal_peak_ - wal_peak_ / 64, f.wal_bytes);
  std::int64_t limit = max_size_.bytes;
  if (auto room = room_on_filesystem(db_.path(), min_free_))
    limit = std::min(limit, std::max<std::int64_t>(f.total_bytes() + *room, 0));
  set_limit(limit, f.page_size);
  if (f.wal_bytes > wal_cap_ / 2 && db_.checkpoint_truncate()) f = measure_footprint(db_);
  status_.size_bytes = f.total_bytes();
  if (f.used_bytes() > high_) {
    status_.thinning = true;
  } else if (status_.over_budget && f.used_bytes() <= low_) {
    status_.over_budget = false;
    warned_ = false;
    spdlog::info("[store] {}: within its disk budget again ({} of {} bytes)", db_.path(),
                 status_.size_bytes, status_.limit_bytes);
  }
}

std::size_t DiskBudget::step(WallTime now, std::size_t max_rows) {
  if (now >= next_check_ || now < next_check_ - kCheckEvery) check(now);
  std::size_t deleted = 0;
  if (status_.thinning) {
    deleted = thin(max_rows);
    if (measure_footprint(db_).used_bytes() <= low_) status_.thinning = false;
  }
  // Far from the limit at the last check, nothing to give back until the next one: measuring on
  // every call was a few percent of the daemon at 10,000 points.
  if (deleted == 0 && !status_.thinning && status_.size_bytes <= high_) return 0;
  const StoreFootprint f = measure_footprint(db_);
  if (f.free_pages > 0 && f.total_bytes() > high_)
    give_back_pages(f);
  else if (deleted > 0 && f.wal_bytes > wal_cap_ / 2)
    db_.checkpoint_truncate();  // a slice touches many pages: its WAL must not outgrow the budget
  return deleted;
}

// Samples are clustered by time bucket first: the oldest are one key range at the start of the
// table, deleted a slice at a time.
std::size_t DiskBudget::thin(std::size_t max_rows) {
  if (const std::size_t n = history_.prune_oldest(max_rows); n > 0) return n;
  // No raw samples left: the oldest statistics windows go next (they are clustered by window).
  if (const std::size_t n = history_.prune_statistics(kNoLimit, max_rows); n > 0) return n;
  status_.over_budget = true;
  if (!warned_)
    spdlog::warn(
        "[store] {}: over its disk budget ({} bytes) with no history left to thin: the alarm "
        "ledger, alarm state and outbox are kept; give the store more room (max_size, "
        "min_free)",
        db_.path(), status_.limit_bytes);
  warned_ = true;
  status_.thinning = false;
  return 0;
}

// A bounded number of pages per call, so that moving them stays within the WAL's share.
void DiskBudget::give_back_pages(const StoreFootprint& f) {
  const std::int64_t pages = std::min<std::int64_t>(
      f.free_pages,
      std::max<std::int64_t>(wal_cap_ / std::max<std::int64_t>(f.page_size, 1) / 2, 8));
  db_.exec("PRAGMA incremental_vacuum(" + std::to_string(pages) + ")");
  db_.checkpoint_truncate();
}

}  // namespace sw::store
