#include "store/history.hpp"

#include <cmath>

namespace sw::store {

namespace {
Sample read_sample(Statement& s) {
  Sample sample;
  sample.point = s.column_text(0);
  sample.time = from_epoch_ms(s.column_int64(1));
  sample.value = s.column_is_null(2) ? std::nan("") : s.column_double(2);
  sample.quality = quality_from_string(s.column_text(3)).value_or(Quality::stale);
  sample.reason = s.column_text(4);
  sample.text = s.column_text(5);
  return sample;
}
}  // namespace

void History::append(const std::vector<Sample>& samples) {
  if (samples.empty()) return;
  Database::Transaction tx(db_, false);
  auto insert = db_.cached(
      "INSERT INTO history_samples (point, time_ms, value, quality, reason, text) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const Sample& s : samples) {
    insert->bind(1, s.point).bind(2, to_epoch_ms(s.time));
    // A failed read has no value: NULL, never a 0 that looks real.
    if (s.quality == Quality::good && std::isfinite(s.value))
      insert->bind(3, s.value);
    else
      insert->bind_null(3);
    insert->bind(4, to_string(s.quality)).bind(5, s.reason).bind(6, s.text).run();
  }
  tx.commit();
}

void History::append(const std::vector<Statistics>& stats) {
  if (stats.empty()) return;
  Database::Transaction tx(db_, false);
  auto upsert = db_.cached(
      "INSERT INTO history_statistics (point, window_start_ms, window_ms, min, max, avg, count) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (point, window_start_ms) DO UPDATE SET "
      "window_ms = excluded.window_ms, min = excluded.min, max = excluded.max, "
      "avg = excluded.avg, count = excluded.count");
  for (const Statistics& s : stats)
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

std::vector<Sample> History::query(const std::string& point, WallTime since, WallTime until,
                                   std::size_t max) {
  std::vector<Sample> out;
  auto q = db_.cached(
      "SELECT point, time_ms, value, quality, reason, text FROM history_samples "
      "WHERE point = ?1 AND time_ms >= ?2 AND time_ms < ?3 ORDER BY time_ms, rowid LIMIT ?4");
  q->bind(1, point).bind(2, to_epoch_ms(since)).bind(3, to_epoch_ms(until)).bind(4, max);
  while (q->step()) out.push_back(read_sample(*q));
  return out;
}

std::vector<Sample> History::query_all(WallTime since, WallTime until, std::size_t max) {
  std::vector<Sample> out;
  auto q = db_.cached(
      "SELECT point, time_ms, value, quality, reason, text FROM history_samples "
      "WHERE time_ms >= ?1 AND time_ms < ?2 ORDER BY time_ms, point, rowid LIMIT ?3");
  q->bind(1, to_epoch_ms(since)).bind(2, to_epoch_ms(until)).bind(3, max);
  while (q->step()) out.push_back(read_sample(*q));
  return out;
}

std::vector<Statistics> History::query_statistics(const std::string& point, WallTime since,
                                                  WallTime until, std::size_t max) {
  std::vector<Statistics> out;
  auto q = db_.cached(
      "SELECT point, window_start_ms, window_ms, min, max, avg, count FROM history_statistics "
      "WHERE point = ?1 AND window_start_ms >= ?2 AND window_start_ms < ?3 "
      "ORDER BY window_start_ms LIMIT ?4");
  q->bind(1, point).bind(2, to_epoch_ms(since)).bind(3, to_epoch_ms(until)).bind(4, max);
  while (q->step()) {
    Statistics s;
    s.point = q->column_text(0);
    s.window_start = from_epoch_ms(q->column_int64(1));
    s.window = Millis{q->column_int64(2)};
    s.min = q->column_double(3);
    s.max = q->column_double(4);
    s.avg = q->column_double(5);
    s.count = q->column_int64(6);
    out.push_back(std::move(s));
  }
  return out;
}

// Deleting by a LIMITed rowid list keeps each step short: the write lock is held for at most
// `max_rows` deletions, then the rules thread and the uplink get their turn.
std::size_t History::prune(const std::string& point, WallTime before, std::size_t max_rows) {
  Database::Transaction tx(db_, false);
  auto del = point.empty()
                 ? db_.cached(
                       "DELETE FROM history_samples WHERE rowid IN (SELECT rowid FROM "
                       "history_samples WHERE time_ms < ?2 ORDER BY time_ms LIMIT ?3)")
                 : db_.cached(
                       "DELETE FROM history_samples WHERE rowid IN (SELECT rowid FROM "
                       "history_samples WHERE point = ?1 AND time_ms < ?2 ORDER BY time_ms "
                       "LIMIT ?3)");
  if (!point.empty()) del->bind(1, point);
  del->bind(2, to_epoch_ms(before)).bind(3, max_rows).run();
  const auto deleted = static_cast<std::size_t>(db_.changes());
  tx.commit();
  return deleted;
}

std::size_t History::prune_statistics(const std::string& point, WallTime before,
                                      std::size_t max_rows) {
  Database::Transaction tx(db_, false);
  auto del = point.empty()
                 ? db_.cached(
                       "DELETE FROM history_statistics WHERE rowid IN (SELECT rowid FROM "
                       "history_statistics WHERE window_start_ms < ?2 ORDER BY window_start_ms "
                       "LIMIT ?3)")
                 : db_.cached(
                       "DELETE FROM history_statistics WHERE rowid IN (SELECT rowid FROM "
                       "history_statistics WHERE point = ?1 AND window_start_ms < ?2 ORDER BY "
                       "window_start_ms LIMIT ?3)");
  if (!point.empty()) del->bind(1, point);
  del->bind(2, to_epoch_ms(before)).bind(3, max_rows).run();
  const auto deleted = static_cast<std::size_t>(db_.changes());
  tx.commit();
  return deleted;
}

}  // namespace sw::store
