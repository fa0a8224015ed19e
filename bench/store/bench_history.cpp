// SPDX-License-Identifier: Apache-2.0
// Compact history under a disk budget (issue 12): bytes per history row on disk, a one-day query
// of one point in a 10,000-point store, and a 10,000-point site under max_size = "64MB" with
// rows injected past the retention: the largest file + WAL seen, what maintain() costs, what
// was kept. No pass/fail.
//
//   bench_history [directory [rows|query|budget|layouts]]   (default /tmp, the first three;
//   scratch files are created and removed in the directory)
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "store/alarm_ledger.hpp"
#include "store/database.hpp"
#include "store/disk_budget.hpp"
#include "store/history.hpp"
#include "store/history_retention.hpp"
#include "store/point_keys.hpp"

using namespace sw;
using namespace sw::store;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kStart = 1'764'000'000'000;
constexpr int kPoints = 10'000;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

std::int64_t on_disk(const std::string& path) {
  std::int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = fs::file_size(path + suffix, ec);
    if (!ec) total += static_cast<std::int64_t>(size);
  }
  return total;
}

void remove_store(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

std::vector<std::int64_t> make_points(PointKeys& keys) {
  std::vector<std::string> ids;
  for (int i = 0; i < kPoints; ++i)
    ids.push_back("unit" + std::to_string(i / 1000) + ".reg" + std::to_string(i % 1000));
  return keys.get_or_create(ids);
}

// A reading as a 16-bit register scaled by 0.01 gives it (2 decimals), or any double.
double reading(std::mt19937& rng, bool decimal) {
  std::uniform_int_distribution<int> raw(0, 65535);
  if (decimal) return raw(rng) / 100.0;
  return raw(rng) / 3.0;
}

// Turns of 1,000 samples (10% of 10,000 points changing each second), a second apart.
void insert_turns(Database& db, History& history, const std::vector<std::int64_t>& points,
                  std::int64_t rows, bool decimal, std::int64_t first_ms = kStart,
                  unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::vector<std::int64_t> order = points;
  std::vector<HistoryRow> turn;
  for (std::int64_t done = 0, t = first_ms; done < rows; t += 1000) {
    turn.clear();
    // 1,000 different points, in no particular order (a partial shuffle).
    for (std::size_t i = 0; i < 1000 && done < rows; ++i, ++done) {
      std::uniform_int_distribution<std::size_t> pick(i, order.size() - 1);
      std::swap(order[i], order[pick(rng)]);
      turn.push_back(
          {order[i], t + static_cast<std::int64_t>(i), reading(rng, decimal), Quality::good});
    }
    Database::Transaction tx(db, false);
    history.append(turn);
    tx.commit();
  }
}

void bytes_per_row(const fs::path& dir) {
  for (bool decimal : {true, false}) {
    const std::string path = (dir / ("bench_history-rows-" + std::to_string(::getpid()))).string();
    {
      Database db(path);
      PointKeys keys(db);
      History history(db);
      const auto points = make_points(keys);
      const auto start = Clock::now();
      insert_turns(db, history, points, 1'000'000, decimal);
      const double took = ms_since(start);
      db.checkpoint_truncate();
      const StoreFootprint f = measure_footprint(db);
      std::string dbstat = "dbstat not available";
      try {
        auto q = db.prepare(
            "SELECT sum(pgsize), sum(unused), count(*) FROM dbstat WHERE name = "
            "'history_samples'");
        if (q.step())
          dbstat = fmt::format("dbstat: {:.1f} bytes/row in {} pages, {:.0f}% of them unused",
                               static_cast<double>(q.column_int64(0)) / 1e6, q.column_int64(2),
                               100.0 * static_cast<double>(q.column_int64(1)) /
                                   static_cast<double>(q.column_int64(0)));
      } catch (const StoreError&) {
      }
      // What a turn writes: every page it touches goes to the WAL (and again to the file at the
      // checkpoint). 120 more turns (two minutes, whole buckets of any width up to a minute)
      // with checkpoints off: the WAL's growth per turn, and the time of a turn's commit.
      db.exec("PRAGMA wal_autocheckpoint = 0");
      constexpr int kTurns = 120;
      std::vector<double> turn_ms;
      for (int i = 0; i < kTurns; ++i) {
        const auto t0 = Clock::now();
        insert_turns(db, history, points, 1000, decimal, kStart + 1'000'000 + i * 1000LL, 1000 + i);
        turn_ms.push_back(ms_since(t0));
      }
      const double turn_wal = static_cast<double>(measure_footprint(db).wal_bytes) / kTurns;
      db.checkpoint_truncate();
      fmt::print(
          "  1,000,000 rows, 10,000 points, {} values: file {:.1f} MB = {:.1f} bytes/row "
          "(whole store); {}; inserted at {:.0f} rows/s\n"
          "    a turn of 1,000 rows (each a different point) after these, 120 turns with "
          "checkpoints off: {:.0f} KB of WAL a turn ({:.0f} pages), commit median {:.2f} ms, "
          "p99 {:.2f} ms\n",
          decimal ? "2-decimal" : "arbitrary double", static_cast<double>(f.file_bytes) / 1e6,
          static_cast<double>(f.file_bytes) / 1e6, dbstat, 1e6 / (took / 1000), turn_wal / 1024,
          turn_wal / static_cast<double>(f.page_size + 24), percentile(turn_ms, 0.5),
          percentile(turn_ms, 0.99));
    }
    remove_store(path);
  }
}

// 10,000 points over one day: the queried point every 10 s (8,640 rows), the others 500 rows
// each, all interleaved in time as a site writes them.
void one_day_query(const fs::path& dir) {
  const std::string path = (dir / ("bench_history-day-" + std::to_string(::getpid()))).string();
  {
    Database db(path);
    PointKeys keys(db);
    History history(db);
    const auto points = make_points(keys);
    std::mt19937 rng(7);
    constexpr std::int64_t kDay = 86'400'000;
    std::vector<HistoryRow> turn;
    const auto start = Clock::now();
    std::int64_t rows = 0;
    for (std::int64_t t = kStart; t < kStart + kDay; t += 10'000) {
      turn.clear();
      turn.push_back({points[42], t, reading(rng, true), Quality::good});
      // 5,000,000 others over 8,640 turns: about 579 a turn.
      for (int i = 0; i < 579; ++i) {
        const std::size_t p =
            (static_cast<std::size_t>(rows) + static_cast<std::size_t>(i) * 17) % points.size();
        if (p != 42) turn.push_back({points[p], t + 1 + i, reading(rng, true), Quality::good});
      }
      rows += static_cast<std::int64_t>(turn.size());
      history.append(turn);
    }
    db.checkpoint_truncate();
    fmt::print("  one day at 10,000 points: {} rows, {:.0f} MB, built in {:.0f} s\n", rows,
               static_cast<double>(on_disk(path)) / 1e6, ms_since(start) / 1000);
  }
  std::vector<double> times;
  std::size_t got = 0;
  for (int i = 0; i < 5; ++i) {
    Database reader(path, DatabaseOptions{.read_only = true, .check = IntegrityCheck::none});
    History history(reader);
    const auto start = Clock::now();
    got = history
              .query("unit0.reg42", from_epoch_ms(kStart), from_epoch_ms(kStart + 86'400'000),
                     100'000)
              .size();
    times.push_back(ms_since(start));
  }
  fmt::print(
      "  one-day query of one point ({} samples), new connection each: first {:.1f} ms, "
      "median {:.1f} ms\n",
      got, times.front(), percentile(times, 0.5));
  remove_store(path);
}

// The clustering compared, with raw SQL beside the real table (no History): a bucket of `width`
// ms first, then point, then the offset in the bucket (width 0: the point first, then time, as
// before). Per width: bytes per row and the WAL a turn writes (as bytes_per_row), then a one-day
// query of one point at 10,000 points (as one_day_query), one seek per bucket.
void layouts(const fs::path& dir, const std::vector<std::int64_t>& widths) {
  for (const std::int64_t width : widths) {
    const std::string path =
        (dir / ("bench_history-layout-" + std::to_string(::getpid()))).string();
    Database db(path);
    db.exec(width == 0 ? "CREATE TABLE t (point INTEGER NOT NULL, time_ms INTEGER NOT NULL, "
                         "value, quality INTEGER NOT NULL, PRIMARY KEY (point, time_ms)) "
                         "WITHOUT ROWID"
                       : "CREATE TABLE t (bucket INTEGER NOT NULL, point INTEGER NOT NULL, "
                         "offset_ms INTEGER NOT NULL, value, quality INTEGER NOT NULL, "
                         "PRIMARY KEY (bucket, point, offset_ms)) WITHOUT ROWID");
    auto insert = db.prepare(width == 0 ? "INSERT OR REPLACE INTO t VALUES (?1, ?2, ?3, 0)"
                                        : "INSERT OR REPLACE INTO t VALUES (?4, ?1, ?5, ?3, 0)");
    auto put = [&](std::int64_t point, std::int64_t t, std::int64_t value) {
      insert.bind(1, point).bind(2, t).bind(3, value);
      if (width != 0) insert.bind(4, t / width).bind(5, t % width);
      insert.run();
    };
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::int64_t> raw(0, 65535);
    std::vector<std::int64_t> order(kPoints);
    for (int i = 0; i < kPoints; ++i) order[static_cast<std::size_t>(i)] = i + 1;
    auto turn = [&](std::int64_t t) {
      Database::Transaction tx(db, false);
      for (std::size_t i = 0; i < 1000; ++i) {
        std::uniform_int_distribution<std::size_t> pick(i, order.size() - 1);
        std::swap(order[i], order[pick(rng)]);
        put(order[i], t + static_cast<std::int64_t>(i), raw(rng) * 10);
      }
      tx.commit();
    };
    for (int s = 0; s < 1000; ++s) turn(kStart + s * 1000LL);
    db.checkpoint_truncate();
    const StoreFootprint f = measure_footprint(db);
    db.exec("PRAGMA wal_autocheckpoint = 0");
    for (int s = 1000; s < 1120; ++s) turn(kStart + s * 1000LL);
    const double turn_wal = static_cast<double>(measure_footprint(db).wal_bytes) / 120;
    db.checkpoint_truncate();
    db.exec("PRAGMA wal_autocheckpoint = 1000");
    // One day: point 42 every 10 s, 579 other rows a turn (as one_day_query).
    db.exec("DELETE FROM t");
    constexpr std::int64_t kDay = 86'400'000;
    std::int64_t rows = 0;
    for (std::int64_t t = kStart; t < kStart + kDay; t += 10'000) {
      Database::Transaction tx(db, false);
      put(42, t, raw(rng) * 10);
      for (int i = 0; i < 579; ++i) {
        const auto p = (rows + i * 17) % kPoints;
        if (p != 41) put(p + 1, t + 1 + i, raw(rng) * 10);
      }
      rows += 580;
      tx.commit();
    }
    db.checkpoint_truncate();
    std::vector<double> times;
    std::int64_t got = 0;
    for (int i = 0; i < 5; ++i) {
      Database reader(path, DatabaseOptions{.read_only = true, .check = IntegrityCheck::none});
      auto q = reader.prepare(
          width == 0 ? "SELECT count(*) FROM t WHERE point = 42 AND time_ms >= ?1 AND time_ms < ?2"
                     : "WITH RECURSIVE b(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM b WHERE n < "
                       "?2) SELECT count(*) FROM b CROSS JOIN t WHERE t.bucket = b.n AND t.point = "
                       "42");
      const auto start = Clock::now();
      if (width == 0)
        q.bind(1, kStart).bind(2, kStart + kDay);
      else
        q.bind(1, kStart / width).bind(2, (kStart + kDay - 1) / width);
      q.step();
      got = q.column_int64(0);
      times.push_back(ms_since(start));
    }
    fmt::print(
        "  {}: {:.1f} bytes/row; a turn of 1,000 rows writes {:.0f} KB of WAL ({:.0f} pages); "
        "one-day query of one point ({} rows) first {:.1f} ms, median {:.1f} ms\n",
        width == 0 ? std::string("(point, time)") : fmt::format("bucket {} ms", width),
        static_cast<double>(f.file_bytes) / 1e6, turn_wal / 1024,
        turn_wal / static_cast<double>(f.page_size + 24), got, times.front(),
        percentile(times, 0.5));
    remove_store(path);
  }
}

AlarmEvent alarm(int n) {
  AlarmEvent e;
  e.alarm_id = "01JBENCHALARM" + std::to_string(n);
  e.event_id = "01JBENCHEVENT" + std::to_string(n);
  e.rule = "limit";
  e.point.id = "unit0.reg1";
  e.level = "power_cut";
  e.value = 1.5;
  e.threshold = 1.5;
  e.major_hazard = true;
  e.message = "methane over the power-cut level";
  e.time = from_epoch_ms(kStart + n);
  e.raised_at = e.time;
  return e;
}

// A 10,000-point site, 1,000 samples a second and 10,000 statistics windows every 5 minutes,
// retention 2 h, run for 3 simulated hours with maintain() after every turn as the rules thread
// calls it: the budget stops it first (64MB holds about 50 minutes of this), then retention.
void budget_run(const fs::path& dir) {
  const std::string path = (dir / ("bench_history-budget-" + std::to_string(::getpid()))).string();
  {
    Database db(path);
    PointKeys keys(db);
    History history(db);
    AlarmLedger ledger(db);
    HistoryRetention retention(db, history);
    DiskBudget budget(db, history, ByteSize{64 << 20}, FreeSpace{0, std::nullopt});
    const auto points = make_points(keys);
    retention.set({}, Millis{2 * 3'600'000}, Millis{730LL * 86'400'000});
    std::vector<AlarmEvent> events;
    for (int i = 0; i < 1000; ++i) events.push_back(alarm(i));
    ledger.append(events);

    std::mt19937 rng(3);
    std::uniform_int_distribution<std::size_t> pick(0, points.size() - 1);
    std::vector<HistoryRow> turn;
    std::vector<double> maintain_ms;
    std::int64_t max_after = 0, max_before = 0, rows = 0;
    constexpr int kTurns = 3 * 3600;
    const auto start = Clock::now();
    for (int s = 0; s < kTurns; ++s) {
      const std::int64_t t = kStart + s * 1000LL;
      turn.clear();
      for (int i = 0; i < 1000; ++i)
        turn.push_back({points[pick(rng)], t + i, reading(rng, true), Quality::good});
      {
        Database::Transaction tx(db, false);
        history.append(turn);
        if (s % 300 == 299) {
          std::vector<StatisticsRow> stats;
          for (auto p : points)
            stats.push_back({p, from_epoch_ms(t - 299'000), Millis{300'000}, 0, 655, 300, 30});
          history.append(stats);
        }
        tx.commit();
      }
      rows += 1000;
      max_before = std::max(max_before, on_disk(path));
      const auto m0 = Clock::now();
      const std::size_t budget_rows = 2000 + 2 * turn.size();
      budget.step(from_epoch_ms(t), budget_rows);
      retention.step(from_epoch_ms(t), budget_rows);
      maintain_ms.push_back(ms_since(m0));
      max_after = std::max(max_after, on_disk(path));
    }
    auto q = db.prepare("SELECT count(*), min(time_ms) FROM history_samples");
    q.step();
    const std::int64_t left = q.column_int64(0);
    const double oldest_min =
        static_cast<double>(kStart + kTurns * 1000LL - q.column_int64(1)) / 60'000;
    q.reset();
    auto st = db.prepare("SELECT count(*) FROM history_statistics");
    st.step();
    fmt::print(
        "  max_size 64MB, 10,000 points, {} rows over {} simulated hours in {:.0f} s:\n"
        "    largest file + WAL after maintain(): {:.2f} MB; between a turn's commit and its "
        "maintain(): {:.2f} MB\n"
        "    maintain(): median {:.2f} ms, p99 {:.2f} ms, worst {:.1f} ms\n"
        "    kept: {} samples (the newest {:.0f} minutes), {} statistics windows (all), "
        "ledger {} of 1000 records, intact: {}; over_budget: {}\n",
        rows, kTurns / 3600, ms_since(start) / 1000, static_cast<double>(max_after) / (1 << 20),
        static_cast<double>(max_before) / (1 << 20), percentile(maintain_ms, 0.5),
        percentile(maintain_ms, 0.99), *std::max_element(maintain_ms.begin(), maintain_ms.end()),
        left, oldest_min, st.column_int64(0), ledger.verify().records, ledger.verify().intact,
        budget.status().over_budget);
  }
  remove_store(path);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path("/tmp");
  try {
    fmt::print("bench_history in {}\n", dir.string());
    const std::string only = argc > 2 ? argv[2] : "";
    if (only.empty() || only == "rows") bytes_per_row(dir);
    if (only.empty() || only == "query") one_day_query(dir);
    if (only.empty() || only == "budget") budget_run(dir);
    // Not part of the default run: the clustering compared (a few minutes).
    if (only == "layouts") layouts(dir, {0, 5'000, 10'000, 32'768, 60'000});
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_history: {}\n", e.what());
    return 1;
  }
  return 0;
}
