// SPDX-License-Identifier: Apache-2.0
#include "store/history.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace sw::store {

namespace {
// Values are stored as INTEGER thousandths when that is exact (most readings: 0.38 %CH4, 21.5 °C,
// a raw register), which takes 1–6 bytes instead of a REAL's 8: about a third of a row.
constexpr double kScale = 1000;
constexpr double kExactLimit = 9007199254740992.0;  // 2^53: integers a double holds exactly

void bind_value(Statement& s, int index, double value, Quality quality) {
  // A failed read has no value: NULL, never a 0 that looks real.
  if (quality != Quality::good || !std::isfinite(value)) {
    s.bind_null(index);
    return;
  }
  const double scaled = value * kScale;
  if (std::fabs(scaled) < kExactLimit) {
    const auto thousandths = static_cast<std::int64_t>(std::llround(scaled));
    if (static_cast<double>(thousandths) / kScale == value &&
        !(thousandths == 0 && std::signbit(value))) {
      s.bind(index, thousandths);
      return;
    }
  }
  s.bind(index, value);
}

double column_value(const Statement& s, int col) {
  if (s.column_is_null(col)) return std::numeric_limits<double>::quiet_NaN();
  if (s.column_is_integer(col)) return static_cast<double>(s.column_int64(col)) / kScale;
  return s.column_double(col);
}

Quality quality_of(std::int64_t number) {
  if (number < 0 || number > static_cast<std::int64_t>(Quality::stale)) return Quality::stale;
  return static_cast<Quality>(number);
}

HistoryRecord read_record(const Statement& s, std::string point) {
  HistoryRecord r;
  r.point = std::move(point);
  r.time = from_epoch_ms(s.column_int64(0));
  r.value = column_value(s, 1);
  r.quality = quality_of(s.column_int64(2));
  return r;
}

}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> History::bucket_span() {
  auto q = db_.cached(
      "SELECT (SELECT bucket FROM history_samples ORDER BY bucket LIMIT 1), "
      "(SELECT bucket FROM history_samples ORDER BY bucket DESC LIMIT 1)");
  if (!q->step() || q->column_is_null(0)) return std::nullopt;
  return std::pair{q->column_int64(0), q->column_int64(1)};
}

void History::append(const std::vector<HistoryRow>& rows) {
  if (rows.empty()) return;
  Database::Transaction tx(db_, false);
  auto insert = db_.cached(
      "INSERT OR REPLACE INTO history_samples (bucket, point, offset_ms, value, quality) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const HistoryRow& r : rows) {
    const std::int64_t bucket = history_bucket(r.time_ms);
    insert->bind(1, bucket).bind(2, r.point).bind(3, r.time_ms - bucket * kHistoryBucketMs);
    bind_value(*insert, 4, r.value, r.quality);
    insert->bind(5, static_cast<std::int64_t>(r.quality)).run();
  }
  tx.commit();
}

void History::append(const std::vector<StatisticsRow>& stats) {
  if (stats.empty()) return;
  Database::Transaction tx(db_, false);
  auto upsert = db_.cached(
      "INSERT OR REPLACE INTO history_statistics "
      "(point, window_start_ms, window_ms, min, max, avg, count) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  std::vector<std::int64_t> windows;
  for (const StatisticsRow& s : stats) {
    upsert->bind(1, s.point)
        .bind(2, to_epoch_ms(s.window_start))
        .bind(3, s.window.count())
        .bind(4, s.min)
        .bind(5, s.max)
        .bind(6, s.avg)
        .bind(7, s.count)
        .run();
    if (windows.empty() || windows.back() != to_epoch_ms(s.window_start))
      windows.push_back(to_epoch_ms(s.window_start));
  }
  seals_.seal(std::move(windows));
  tx.commit();
}

std::vector<HistoryRecord> History::query(const std::string& point, WallTime since, WallTime until,
                                          std::size_t max) {
  std::vector<HistoryRecord> out;
  const std::int64_t since_ms = to_epoch_ms(since);
  const std::int64_t until_ms = to_epoch_ms(until);
  if (until_ms <= since_ms || max == 0) return out;
  std::int64_t key = 0;
  {
    auto k = db_.cached("SELECT key FROM points WHERE id = ?1");
    k->bind(1, point);
    if (!k->step()) return out;
    key = k->column_int64(0);
  }
  const auto span = bucket_span();
  if (!span) return out;
  const std::int64_t first = std::max(history_bucket(since_ms), span->first);
  const std::int64_t last = std::min(history_bucket(until_ms - 1), span->second);
  if (first > last) return out;
  // One seek of (bucket, point) per bucket, in time order: the recursive CTE drives the loop and
  // CROSS JOIN keeps it outside. (`bucket BETWEEN ? AND ? AND point = ?` would read every point's
  // rows in the range: SQLite does no skip-scan after a range on the first column.)
  auto q = db_.cached(
      "WITH RECURSIVE b(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM b WHERE n < ?2) "
      "SELECT h.time_ms, h.value, h.quality FROM b CROSS JOIN history_samples h "
      "WHERE h.bucket = b.n AND h.point = ?3 AND h.time_ms >= ?4 AND "
      "h.time_ms < ?5 LIMIT ?6");
  q->bind(1, first).bind(2, last).bind(3, key).bind(4, since_ms).bind(5, until_ms).bind(6, max);
  while (q->step()) out.push_back(read_record(*q, point));
  return out;
}

// The range is read in key order, a bucket at a time, and each bucket's rows sorted by time and
// point id: LIMIT stops after the bucket that fills it.
std::vector<HistoryRecord> History::query_all(WallTime since, WallTime until, std::size_t max) {
  std::vector<HistoryRecord> out;
  const std::int64_t since_ms = to_epoch_ms(since);
  const std::int64_t until_ms = to_epoch_ms(until);
  if (until_ms <= since_ms || max == 0) return out;
  auto q = db_.cached(
      "SELECT h.time_ms, h.value, h.quality, p.id FROM history_samples h CROSS JOIN points p "
      "ON p.key = h.point WHERE h.bucket >= ?1 AND h.bucket <= ?2 AND h.time_ms >= ?3 AND "
      "h.time_ms < ?4 ORDER BY h.bucket, h.time_ms, p.id LIMIT ?5");
  q->bind(1, history_bucket(since_ms))
      .bind(2, history_bucket(until_ms - 1))
      .bind(3, since_ms)
      .bind(4, until_ms)
      .bind(5, max);
  while (q->step()) out.push_back(read_record(*q, q->column_text(3)));
  return out;
}

std::vector<Statistics> History::query_statistics(const std::string& point, WallTime since,
                                                  WallTime until, std::size_t max) {
  std::vector<Statistics> out;
  auto q = db_.cached(
      "SELECT s.window_start_ms, s.window_ms, s.min, s.max, s.avg, s.count FROM points p "
      "JOIN history_statistics s ON s.point = p.key WHERE p.id = ?1 AND s.window_start_ms >= ?2 "
      "AND s.window_start_ms < ?3 ORDER BY s.window_start_ms LIMIT ?4");
  q->bind(1, point).bind(2, to_epoch_ms(since)).bind(3, to_epoch_ms(until)).bind(4, max);
  while (q->step()) {
    Statistics s;
    s.point = point;
    s.window_start = from_epoch_ms(q->column_int64(0));
    s.window = Millis{q->column_int64(1)};
    s.min = q->column_double(2);
    s.max = q->column_double(3);
    s.avg = q->column_double(4);
    s.count = q->column_int64(5);
    out.push_back(std::move(s));
  }
  return out;
}

std::size_t History::prune(std::int64_t key, std::int64_t before_ms, std::size_t max_rows) {
  if (max_rows == 0) return 0;
  const auto span = bucket_span();
  if (!span) return 0;
  const std::int64_t last = std::min(history_bucket(before_ms - 1), span->second);
  if (span->first > last) return 0;
  Database::Transaction tx(db_, false);
  std::vector<std::pair<std::int64_t, std::int64_t>> doomed;  // (bucket, offset)
  {
    auto q = db_.cached(
        "WITH RECURSIVE b(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM b WHERE n < ?2) "
        "SELECT h.bucket, h.offset_ms FROM b CROSS JOIN history_samples h "
        "WHERE h.bucket = b.n AND h.point = ?3 AND h.time_ms < ?4 LIMIT ?5");
    q->bind(1, span->first).bind(2, last).bind(3, key).bind(4, before_ms).bind(5, max_rows);
    while (q->step()) doomed.emplace_back(q->column_int64(0), q->column_int64(1));
  }
  auto del =
      db_.cached("DELETE FROM history_samples WHERE bucket = ?1 AND point = ?2 AND offset_ms = ?3");
  for (const auto& [bucket, offset] : doomed)
    del->bind(1, bucket).bind(2, key).bind(3, offset).run();
  tx.commit();
  return doomed.size();
}

std::size_t History::prune_prefix(std::int64_t end_bucket, std::size_t max_rows) {
  if (max_rows == 0) return 0;
  Database::Transaction tx(db_, false);
  // The first row that stays, in key order; every row before it goes.
  auto q = db_.cached(
      "SELECT bucket, point, offset_ms FROM history_samples WHERE bucket < ?1 "
      "ORDER BY bucket, point, offset_ms LIMIT 1 OFFSET ?2");
  q->bind(1, end_bucket).bind(2, max_rows);
  if (q->step()) {
    const std::int64_t bucket = q->column_int64(0), point = q->column_int64(1),
                       offset = q->column_int64(2);
    q->reset();
    auto del =
        db_.cached("DELETE FROM history_samples WHERE (bucket, point, offset_ms) < (?1, ?2, ?3)");
    del->bind(1, bucket).bind(2, point).bind(3, offset).run();
  } else {
    q->reset();
    auto del = db_.cached("DELETE FROM history_samples WHERE bucket < ?1");
    del->bind(1, end_bucket).run();
  }
  const auto deleted = static_cast<std::size_t>(db_.changes());
  tx.commit();
  return deleted;
}

std::size_t History::prune_buckets(std::int64_t before_ms, std::size_t max_rows) {
  return prune_prefix(history_bucket(before_ms), max_rows);
}

std::size_t History::prune_oldest(std::size_t max_rows) {
  return prune_prefix(std::numeric_limits<std::int64_t>::max(), max_rows);
}

std::size_t History::prune_statistics(std::int64_t before_ms, std::size_t max_rows) {
  if (max_rows == 0) return 0;
  Database::Transaction tx(db_, false);
  std::size_t deleted = 0;
  // The window and point of the first row that stays; rows before it in key order go.
  auto q = db_.cached(
      "SELECT window_start_ms, point FROM history_statistics WHERE window_start_ms < ?1 ORDER BY "
      "window_start_ms, point LIMIT 1 OFFSET ?2");
  q->bind(1, before_ms).bind(2, max_rows);
  if (q->step()) {
    const std::int64_t window = q->column_int64(0);
    const std::int64_t point = q->column_int64(1);
    q->reset();
    auto older = db_.cached("DELETE FROM history_statistics WHERE window_start_ms < ?1");
    older->bind(1, window).run();
    deleted = static_cast<std::size_t>(db_.changes());
    seals_.release_through(window - 1);
    auto same =
        db_.cached("DELETE FROM history_statistics WHERE window_start_ms = ?1 AND point < ?2");
    same->bind(1, window).bind(2, point).run();
    const auto same_deleted = static_cast<std::size_t>(db_.changes());
    // Part of a window went: its seal can no longer be checked (same transaction, so never a
    // moment where the rows are gone and the seal is not).
    if (same_deleted > 0) seals_.release_through(window);
    deleted += same_deleted;
  } else {
    q->reset();
    // Released through the newest window that goes, not `before_ms` (which may be "no limit"):
    // windows written later must still be checked.
    auto newest = db_.cached(
        "SELECT window_start_ms FROM history_statistics WHERE window_start_ms < ?1 "
        "ORDER BY window_start_ms DESC LIMIT 1");
    newest->bind(1, before_ms);
    if (newest->step()) seals_.release_through(newest->column_int64(0));
    newest->reset();
    auto all = db_.cached("DELETE FROM history_statistics WHERE window_start_ms < ?1");
    all->bind(1, before_ms).run();
    deleted = static_cast<std::size_t>(db_.changes());
  }
  tx.commit();
  return deleted;
}

std::optional<std::int64_t> History::oldest_sample_ms(std::int64_t key) {
  const auto span = bucket_span();
  if (!span) return std::nullopt;
  auto q = db_.cached(
      "WITH RECURSIVE b(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM b WHERE n < ?2) "
      "SELECT h.time_ms FROM b CROSS JOIN history_samples h "
      "WHERE h.bucket = b.n AND h.point = ?3 LIMIT 1");
  q->bind(1, span->first).bind(2, span->second).bind(3, key);
  if (!q->step()) return std::nullopt;
  return q->column_int64(0);
}

std::optional<std::int64_t> History::oldest_statistics_ms() {
  auto q =
      db_.cached("SELECT window_start_ms FROM history_statistics ORDER BY window_start_ms LIMIT 1");
  if (!q->step()) return std::nullopt;
  return q->column_int64(0);
}

bool History::has_samples() {
  auto q = db_.cached("SELECT EXISTS (SELECT 1 FROM history_samples)");
  return q->step() && q->column_int64(0) != 0;
}

bool History::has_statistics() {
  auto q = db_.cached("SELECT EXISTS (SELECT 1 FROM history_statistics)");
  return q->step() && q->column_int64(0) != 0;
}

}  // namespace sw::store
