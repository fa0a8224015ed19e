#include "store/history.hpp"

#include <cmath>
#include <limits>

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

// The time below which exactly `max_rows` rows of the point lie, when more than that are older
// than `before_ms`: deleting below it is one key range of a bounded size.
std::int64_t slice_end(Database& db, std::string_view sql, std::int64_t key, std::int64_t before_ms,
                       std::size_t max_rows) {
  auto q = db.cached(sql);
  q->bind(1, key).bind(2, before_ms).bind(3, max_rows);
  return q->step() ? q->column_int64(0) : before_ms;
}

std::optional<std::int64_t> first_time(Database& db, std::string_view sql, std::int64_t key) {
  auto q = db.cached(sql);
  q->bind(1, key);
  if (!q->step()) return std::nullopt;
  return q->column_int64(0);
}
}  // namespace

void History::append(const std::vector<HistoryRow>& rows) {
  if (rows.empty()) return;
  Database::Transaction tx(db_, false);
  auto insert = db_.cached(
      "INSERT OR REPLACE INTO history_samples (point, time_ms, value, quality) "
      "VALUES (?1, ?2, ?3, ?4)");
  for (const HistoryRow& r : rows) {
    insert->bind(1, r.point).bind(2, r.time_ms);
    bind_value(*insert, 3, r.value, r.quality);
    insert->bind(4, static_cast<std::int64_t>(r.quality)).run();
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
  for (const StatisticsRow& s : stats)
    upsert->bind(1, s.point)
        .bind(2, to_epoch_ms(s.window_start))
        .bind(3, s.window.count())
        .bind(4, s.min)
        .bind(5, s.max)
        .bind(6, s.avg)
        .bind(7, s.count)
        .run();
  tx.commit();
}

std::vector<HistoryRecord> History::query(const std::string& point, WallTime since, WallTime until,
                                          std::size_t max) {
  std::vector<HistoryRecord> out;
  auto q = db_.cached(
      "SELECT h.time_ms, h.value, h.quality FROM points p JOIN history_samples h ON h.point = "
      "p.key WHERE p.id = ?1 AND h.time_ms >= ?2 AND h.time_ms < ?3 ORDER BY h.time_ms LIMIT ?4");
  q->bind(1, point).bind(2, to_epoch_ms(since)).bind(3, to_epoch_ms(until)).bind(4, max);
  while (q->step()) out.push_back(read_record(*q, point));
  return out;
}

// Without an index on time (it would double the row), the range is read point by point through
// the primary key and sorted: one seek per point, never a scan of the whole table.
std::vector<HistoryRecord> History::query_all(WallTime since, WallTime until, std::size_t max) {
  std::vector<HistoryRecord> out;
  auto q = db_.cached(
      "SELECT h.time_ms, h.value, h.quality, p.id FROM points p CROSS JOIN history_samples h "
      "ON h.point = p.key WHERE h.time_ms >= ?1 AND h.time_ms < ?2 ORDER BY h.time_ms, p.id "
      "LIMIT ?3");
  q->bind(1, to_epoch_ms(since)).bind(2, to_epoch_ms(until)).bind(3, max);
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
  Database::Transaction tx(db_, false);
  const std::int64_t end = slice_end(db_,
                                     "SELECT time_ms FROM history_samples WHERE point = ?1 AND "
                                     "time_ms < ?2 ORDER BY time_ms LIMIT 1 OFFSET ?3",
                                     key, before_ms, max_rows);
  auto del = db_.cached("DELETE FROM history_samples WHERE point = ?1 AND time_ms < ?2");
  del->bind(1, key).bind(2, end).run();
  const auto deleted = static_cast<std::size_t>(db_.changes());
  tx.commit();
  return deleted;
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
    auto same =
        db_.cached("DELETE FROM history_statistics WHERE window_start_ms = ?1 AND point < ?2");
    same->bind(1, window).bind(2, point).run();
    deleted += static_cast<std::size_t>(db_.changes());
  } else {
    q->reset();
    auto all = db_.cached("DELETE FROM history_statistics WHERE window_start_ms < ?1");
    all->bind(1, before_ms).run();
    deleted = static_cast<std::size_t>(db_.changes());
  }
  tx.commit();
  return deleted;
}

std::optional<std::int64_t> History::oldest_sample_ms(std::int64_t key) {
  return first_time(
      db_, "SELECT time_ms FROM history_samples WHERE point = ?1 ORDER BY time_ms LIMIT 1", key);
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
