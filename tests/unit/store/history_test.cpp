// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "store/history.hpp"
#include "store/point_keys.hpp"
#include "store/schema.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::int64_t count_where(Database& db, const std::string& where) {
  auto q = db.prepare("SELECT count(*) FROM history_samples WHERE " + where);
  return q.step() ? q.column_int64(0) : -1;
}

std::vector<std::int64_t> times(const std::vector<HistoryRecord>& records) {
  std::vector<std::int64_t> out;
  for (const auto& r : records) out.push_back(to_epoch_ms(r.time));
  return out;
}

struct HistoryFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  PointKeys keys{db};
  History history{db};
  std::int64_t ch4 = 0, co = 0;
  HistoryFixture() {
    const auto k = keys.get_or_create({"face3.ch4", "face3.co"});
    ch4 = k[0];
    co = k[1];
    std::vector<HistoryRow> batch;
    for (int t = 0; t < 10; ++t) {
      batch.push_back({ch4, t * 1000, 0.1 * t, Quality::good});
      batch.push_back({co, t * 1000 + 500, 10.0 + t, Quality::good});
    }
    history.append(batch);
  }
};

}  // namespace

TEST_CASE_METHOD(
    HistoryFixture,
    "a history query returns one point's samples from since up to, not including, until") {
  const auto got = history.query("face3.ch4", from_epoch_ms(2000), from_epoch_ms(5000), 100);
  CHECK(times(got) == std::vector<std::int64_t>{2000, 3000, 4000});
  CHECK(got[1].point == "face3.ch4");
  CHECK(got[1].value == 0.1 * 3);
  CHECK(got[1].quality == Quality::good);
}

TEST_CASE_METHOD(HistoryFixture, "a history query stops at max, oldest first") {
  const auto got = history.query("face3.co", from_epoch_ms(0), from_epoch_ms(100'000), 2);
  CHECK(times(got) == std::vector<std::int64_t>{500, 1500});
}

TEST_CASE_METHOD(HistoryFixture, "a history query of an unknown point finds nothing") {
  CHECK(history.query("face9.ch4", from_epoch_ms(0), from_epoch_ms(100'000), 10).empty());
}

TEST_CASE_METHOD(HistoryFixture, "a history query over all points interleaves them by time") {
  const auto got = history.query_all(from_epoch_ms(1000), from_epoch_ms(3000), 100);
  CHECK(times(got) == std::vector<std::int64_t>{1000, 1500, 2000, 2500});
  CHECK(got[0].point == "face3.ch4");
  CHECK(got[1].point == "face3.co");
}

TEST_CASE_METHOD(HistoryFixture, "a failed read is kept with its quality, never as a value") {
  history.append(std::vector<HistoryRow>{{ch4, 20'000, kNaN, Quality::comm_loss},
                                         {ch4, 21'000, 5.0, Quality::calibrating}});
  const auto got = history.query("face3.ch4", from_epoch_ms(20'000), from_epoch_ms(22'000), 10);
  REQUIRE(got.size() == 2);
  CHECK(got[0].quality == Quality::comm_loss);
  CHECK(std::isnan(got[0].value));
  CHECK(got[1].quality == Quality::calibrating);
  CHECK(std::isnan(got[1].value));
}

TEST_CASE_METHOD(HistoryFixture,
                 "every value comes back exactly as written, however it is stored") {
  // Thousandths are stored as integers, anything else as REAL: the reader cannot tell.
  const std::vector<double> values{0.38,    1.0 / 3,   -21.125,   123456789.012, 1e300,
                                   -1e-300, 65535,     -0.0,      0.1 + 0.2,     4.5e15,
                                   9.0e15,  1234.5678, -32768.001};
  std::vector<HistoryRow> rows;
  for (std::size_t i = 0; i < values.size(); ++i)
    rows.push_back({co, 50'000 + static_cast<std::int64_t>(i), values[i], Quality::good});
  history.append(rows);
  const auto got = history.query("face3.co", from_epoch_ms(50'000), from_epoch_ms(60'000), 100);
  REQUIRE(got.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO(values[i]);
    CHECK(got[i].value == values[i]);
    CHECK(std::signbit(got[i].value) == std::signbit(values[i]));
  }
}

TEST_CASE_METHOD(HistoryFixture,
                 "a second sample of a point in the same millisecond replaces the first") {
  history.append(std::vector<HistoryRow>{{ch4, 3000, 7.5, Quality::good}});
  const auto got = history.query("face3.ch4", from_epoch_ms(3000), from_epoch_ms(3001), 10);
  REQUIRE(got.size() == 1);
  CHECK(got[0].value == 7.5);
}

TEST_CASE_METHOD(HistoryFixture,
                 "pruning one point deletes its oldest rows in steps of at most max_rows") {
  // Older than 7000: seven ch4 samples (0..6000).
  CHECK(history.prune(ch4, 7000, 3) == 3);
  CHECK(history.oldest_sample_ms(ch4) == 3000);
  CHECK(history.prune(ch4, 7000, 3) == 3);
  CHECK(history.prune(ch4, 7000, 3) == 1);
  CHECK(history.prune(ch4, 7000, 3) == 0);
  const auto left = history.query("face3.ch4", from_epoch_ms(0), from_epoch_ms(100'000), 100);
  CHECK(times(left) == std::vector<std::int64_t>{7000, 8000, 9000});
  CHECK(history.query("face3.co", from_epoch_ms(0), from_epoch_ms(100'000), 100).size() == 10);
}

static_assert(history_bucket(0) == 0 && history_bucket(9'999) == 0 && history_bucket(10'000) == 1);
static_assert(history_bucket(-1) == -1 && history_bucket(-10'000) == -1 &&
              history_bucket(-10'001) == -2);

// Samples are clustered by 10-second bucket first: a point's rows either side of a bucket edge
// are in different parts of the table.
TEST_CASE_METHOD(HistoryFixture,
                 "a query across bucket edges returns the point's samples in time order") {
  history.append(std::vector<HistoryRow>{{co, 29'999, 1, Quality::good},
                                         {ch4, 30'000, 2, Quality::good},
                                         {co, 30'000, 3, Quality::good},
                                         {co, 49'999, 4, Quality::good},
                                         {co, 50'000, 5, Quality::good},
                                         {ch4, 50'001, 6, Quality::good}});
  CHECK(times(history.query("face3.co", from_epoch_ms(29'999), from_epoch_ms(50'000), 100)) ==
        std::vector<std::int64_t>{29'999, 30'000, 49'999});
  CHECK(times(history.query("face3.co", from_epoch_ms(30'000), from_epoch_ms(50'001), 2)) ==
        std::vector<std::int64_t>{30'000, 49'999});
  CHECK(times(history.query("face3.co", from_epoch_ms(0), from_epoch_ms(1'000'000), 100)).size() ==
        14);
  // Far outside what is stored: no bucket-by-bucket walk over the years in between.
  CHECK(history.query("face3.co", from_epoch_ms(-4'000'000'000'000), from_epoch_ms(0), 10).empty());
  CHECK(times(history.query("face3.ch4", from_epoch_ms(9'000), from_epoch_ms(4'000'000'000'000),
                            100)) == std::vector<std::int64_t>{9'000, 30'000, 50'001});
  const auto all = history.query_all(from_epoch_ms(29'999), from_epoch_ms(50'001), 100);
  CHECK(times(all) == std::vector<std::int64_t>{29'999, 30'000, 30'000, 49'999, 50'000});
  CHECK(all[1].point == "face3.ch4");
  CHECK(all[2].point == "face3.co");
  CHECK(times(history.query_all(from_epoch_ms(29'999), from_epoch_ms(50'001), 2)) ==
        std::vector<std::int64_t>{29'999, 30'000});
}

TEST_CASE_METHOD(HistoryFixture,
                 "pruning a point at a bucket edge takes its rows before it and nothing else") {
  history.append(std::vector<HistoryRow>{{ch4, 19'999, 1, Quality::good},
                                         {ch4, 20'000, 2, Quality::good},
                                         {ch4, 20'001, 3, Quality::good},
                                         {co, 19'000, 4, Quality::good}});
  CHECK(history.prune(ch4, 20'001, 100) == 12);  // 0..9000, 19,999 and 20,000
  CHECK(history.oldest_sample_ms(ch4) == 20'001);
  CHECK(history.oldest_sample_ms(co) == 500);
  CHECK(history.query("face3.co", from_epoch_ms(0), from_epoch_ms(100'000), 100).size() == 11);
}

TEST_CASE_METHOD(HistoryFixture,
                 "the oldest samples of all points go first, whole buckets before later ones") {
  history.append(
      std::vector<HistoryRow>{{ch4, 10'000, 1, Quality::good}, {co, 10'001, 2, Quality::good}});
  // Bucket 0 holds 20 rows (both points, 0..9,500); the first 15 in key order are ch4's 10 and
  // co's first 5.
  CHECK(history.prune_oldest(15) == 15);
  CHECK(history.oldest_sample_ms(ch4) == 10'000);
  CHECK(history.oldest_sample_ms(co) == 5'500);
  CHECK(history.prune_oldest(100) == 7);
  CHECK_FALSE(history.has_samples());
}

TEST_CASE_METHOD(HistoryFixture,
                 "expiry by bucket deletes only buckets that ended by the time given") {
  history.append(
      std::vector<HistoryRow>{{ch4, 19'999, 1, Quality::good}, {ch4, 20'000, 2, Quality::good}});
  // 19,999 is older than 20,001 but its bucket (10,000..19,999) ended at 20,000: it goes;
  // 20,000's bucket has not ended: it stays, a bucket late at most.
  CHECK(history.prune_buckets(20'001, 100) == 21);
  CHECK(history.oldest_sample_ms(ch4) == 20'000);
  CHECK_FALSE(history.oldest_sample_ms(co));
  CHECK(history.prune_buckets(29'999, 100) == 0);
  CHECK(history.prune_buckets(30'000, 100) == 1);
}

TEST_CASE_METHOD(HistoryFixture,
                 "5-minute statistics are kept per window, a rewritten window replaced") {
  StatisticsRow s;
  s.point = ch4;
  s.window_start = from_epoch_ms(300'000);
  s.min = 0.1;
  s.max = 0.9;
  s.avg = 0.4;
  s.count = 150;
  StatisticsRow later = s;
  later.window_start = from_epoch_ms(600'000);
  history.append(std::vector<StatisticsRow>{s, later});
  s.count = 151;
  history.append(std::vector<StatisticsRow>{s});

  const auto got =
      history.query_statistics("face3.ch4", from_epoch_ms(0), from_epoch_ms(900'000), 100);
  REQUIRE(got.size() == 2);
  CHECK(got[0].point == "face3.ch4");
  CHECK(got[0].count == 151);
  CHECK(got[0].window == Millis{300'000});
  CHECK(got[0].max == 0.9);
  CHECK(history.prune_statistics(600'000, 10) == 1);
  CHECK(
      history.query_statistics("face3.ch4", from_epoch_ms(0), from_epoch_ms(900'000), 100).size() ==
      1);
}

TEST_CASE("point keys are created once and stay the same after the store is reopened") {
  sw::test::TempDir dir;
  std::vector<std::int64_t> first;
  {
    Database db(dir.file("s.db"));
    PointKeys keys(db);
    first = keys.get_or_create({"a", "b", "c"});
    CHECK(first.size() == 3);
    CHECK(keys.get_or_create({"c", "a", "c"}) ==
          std::vector<std::int64_t>{first[2], first[0], first[2]});
  }
  Database db(dir.file("s.db"));
  PointKeys keys(db);
  const auto again = keys.get_or_create({"c", "d", "a"});
  CHECK(again[0] == first[2]);
  CHECK(again[2] == first[0]);
  CHECK(again[1] != first[0]);
  CHECK(again[1] != first[1]);
  CHECK(again[1] != first[2]);
  CHECK(keys.find("b") == first[1]);  // a point no longer asked for keeps its key
  CHECK_FALSE(keys.find("e"));
}

TEST_CASE("a store of schema 1 is migrated: its history keyed by point, its qualities numbered") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    const std::string v1 = std::string(schema_migrations()[0].sql) +
                           "PRAGMA user_version = 1;"
                           "INSERT INTO history_samples (point, time_ms, value, quality, reason) "
                           "VALUES ('face3.ch4', 1000, 0.38, 'good', ''), "
                           "('face3.ch4', 2000, NULL, 'comm_loss', 'timeout'), "
                           "('face3.co', 1500, 12, 'good', ''), "
                           "('face3.co', 1500, 13, 'good', ''), "
                           "('face3.o2', 10000, 21, 'good', ''), "
                           "('face3.o2', 9999, 20.9, 'good', ''), "
                           "('face3.o2', -1, 20.8, 'good', '');"
                           "INSERT INTO history_statistics VALUES "
                           "('face3.ch4', 0, 300000, 0.1, 0.9, 0.4, 150);";
    REQUIRE(sqlite3_exec(raw, v1.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  Database db(path);
  CHECK(db.schema_version() == latest_schema_version());
  auto vacuum = db.prepare("PRAGMA auto_vacuum");
  REQUIRE(vacuum.step());
  CHECK(vacuum.column_int64(0) == 2);  // INCREMENTAL: the disk budget can give pages back
  vacuum.reset();
  History history(db);
  const auto ch4 = history.query("face3.ch4", from_epoch_ms(0), from_epoch_ms(10'000), 10);
  REQUIRE(ch4.size() == 2);
  CHECK(ch4[0].value == 0.38);
  CHECK(ch4[1].quality == Quality::comm_loss);
  CHECK(std::isnan(ch4[1].value));
  const auto co = history.query("face3.co", from_epoch_ms(0), from_epoch_ms(10'000), 10);
  REQUIRE(co.size() == 1);  // two rows in one millisecond: the later one stays
  CHECK(co[0].value == 13);
  // Times either side of a bucket edge, and before 1970, come back as they were.
  CHECK(times(history.query("face3.o2", from_epoch_ms(-10), from_epoch_ms(10'001), 10)) ==
        std::vector<std::int64_t>{-1, 9999, 10'000});
  CHECK(count_where(db, "time_ms = 10000 AND bucket = 1 AND offset_ms = 0") == 1);
  CHECK(count_where(db, "time_ms = -1 AND bucket = -1 AND offset_ms = 9999") == 1);
  const auto stats = history.query_statistics("face3.ch4", from_epoch_ms(0), from_epoch_ms(1), 10);
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].count == 150);
  // New points get keys of their own.
  PointKeys keys(db);
  const auto k = keys.get_or_create({"face3.ch4", "face3.co", "face3.o2"});
  CHECK(k[2] != k[0]);
  CHECK(k[2] != k[1]);
}
