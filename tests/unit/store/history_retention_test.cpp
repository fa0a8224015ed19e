// SPDX-License-Identifier: Apache-2.0
// Retention goes round every point in bounded slices: however many points and rows, everything
// older than its point's retention goes after enough calls, and nothing younger.
#include <catch2/catch.hpp>

#include "store/history.hpp"
#include "store/history_retention.hpp"
#include "store/point_keys.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kNow = 1'764'000'000'000;

std::int64_t count(Database& db, const std::string& sql) {
  auto q = db.prepare(sql);
  return q.step() ? q.column_int64(0) : -1;
}

struct RetentionFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  PointKeys keys{db};
  History history{db};
  HistoryRetention retention{db, history};

  std::vector<std::int64_t> make_points(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("p" + std::to_string(i));
    return keys.get_or_create(ids);
  }
  // One sample of every point every `step_ms` over the `days` before kNow.
  void fill(const std::vector<std::int64_t>& points, int days, std::int64_t step_ms) {
    Database::Transaction tx(db, false);
    for (std::int64_t t = kNow - days * kDay; t < kNow; t += step_ms) {
      std::vector<HistoryRow> rows;
      for (auto p : points) rows.push_back({p, t, 1.5, Quality::good});
      history.append(rows);
    }
    tx.commit();
  }
};

}  // namespace

TEST_CASE_METHOD(
    RetentionFixture,
    "retention prunes every one of 1,000 points, each call bounded in rows deleted and read") {
  const auto points = make_points(1000);
  fill(points, 10, 4 * 3'600'000);  // 60 rows a point, 60,000 in all
  // The first 100 points keep 3 days, the rest the default of 1 day.
  std::vector<std::pair<std::int64_t, Millis>> per_point;
  for (int i = 0; i < 100; ++i)
    per_point.emplace_back(points[static_cast<std::size_t>(i)], Millis{3 * kDay});
  retention.set(per_point, Millis{kDay}, Millis{365 * kDay});

  std::size_t calls = 0, deleted = 0;
  for (; calls < 1000; ++calls) {
    const RetentionSlice slice = retention.step(from_epoch_ms(kNow), 700);
    CHECK(slice.rows_deleted <= 700);
    CHECK(slice.rows_examined <= 4 * 700);
    deleted += slice.rows_deleted;
    if (slice.rows_deleted == 0 && slice.round_completed) break;
  }
  INFO("calls: " << calls);
  CHECK(calls < 200);
  // 6 samples a day: the 100 keep 18, the 900 keep 6.
  CHECK(deleted == 100 * (60 - 18) + 900 * (60 - 6));
  CHECK(count(db, "SELECT count(*) FROM history_samples WHERE time_ms < " +
                      std::to_string(kNow - 3 * kDay)) == 0);
  for (std::size_t i : {0UL, 99UL}) {
    INFO("point " << i);
    CHECK(history.oldest_sample_ms(points[i]) == kNow - 3 * kDay);
  }
  for (std::size_t i : {100UL, 500UL, 999UL}) {
    INFO("point " << i);
    CHECK(history.oldest_sample_ms(points[i]) == kNow - kDay);
  }
}

TEST_CASE_METHOD(RetentionFixture,
                 "statistics are kept for the statistics retention, longer than samples") {
  const auto points = make_points(3);
  fill(points, 10, kDay);
  std::vector<StatisticsRow> stats;
  for (auto p : points)
    for (std::int64_t d = 10; d > 0; --d)
      stats.push_back({p, from_epoch_ms(kNow - d * kDay), Millis{300'000}, 0, 1, 0.5, 150});
  history.append(stats);
  retention.set({}, Millis{2 * kDay}, Millis{7 * kDay});
  while (!retention.step(from_epoch_ms(kNow), 1000).round_completed) {
  }
  for (auto p : points) CHECK(history.oldest_sample_ms(p) == kNow - 2 * kDay);
  CHECK(history.oldest_statistics_ms() == kNow - 7 * kDay);
}

TEST_CASE_METHOD(
    RetentionFixture,
    "a point removed from the config keeps its rows until the default retention ends") {
  const auto points = make_points(2);  // "p1" is no longer configured
  fill(points, 5, kDay);
  retention.set({{points[0], Millis{kDay}}}, Millis{3 * kDay}, Millis{3 * kDay});
  for (int i = 0; i < 3; ++i) retention.step(from_epoch_ms(kNow), 1000);
  CHECK(history.oldest_sample_ms(points[0]) == kNow - kDay);
  CHECK(history.oldest_sample_ms(points[1]) == kNow - 3 * kDay);
  CHECK(keys.find("p1") == points[1]);
}

TEST_CASE_METHOD(RetentionFixture,
                 "a slice that runs out of rows on one point goes on from that point next time") {
  const auto points = make_points(3);
  fill(points, 10, 3'600'000);  // 240 rows a point
  retention.set({}, Millis{kDay}, Millis{kDay});
  // 216 expired rows a point; slices of 100 rows: 7 calls to take them all, none skipped.
  std::size_t deleted = 0;
  for (int i = 0; i < 7; ++i) deleted += retention.step(from_epoch_ms(kNow), 100).rows_deleted;
  CHECK(deleted == 3 * 216);
  for (auto p : points) CHECK(history.oldest_sample_ms(p) == kNow - kDay);
}

// Samples are clustered by 10-second bucket: a retention ends with the bucket that holds its cut,
// and a shorter retention takes only its own points' rows from buckets shared with others.
TEST_CASE_METHOD(RetentionFixture,
                 "rows either side of a bucket edge expire with their bucket, per point") {
  const auto points = make_points(2);
  const std::int64_t cut = kNow - kDay;  // points[0]'s; kNow is on a bucket edge
  std::vector<HistoryRow> rows;
  for (auto p : points)
    for (std::int64_t t : {kNow - 3 * kDay - 1, kNow - 3 * kDay, cut - 1, cut, cut + 10'000})
      rows.push_back({p, t, 1.5, Quality::good});
  history.append(rows);
  retention.set({{points[0], Millis{kDay}}}, Millis{3 * kDay}, Millis{3 * kDay});
  while (!retention.step(from_epoch_ms(kNow), 1000).round_completed) {
  }
  CHECK(history.oldest_sample_ms(points[0]) == cut);
  CHECK(history.oldest_sample_ms(points[1]) == kNow - 3 * kDay);
  CHECK(count(db, "SELECT count(*) FROM history_samples") == 2 + 4);
  // A bucket later, the buckets holding the two cuts have ended: points[0]'s row at `cut` goes
  // (not the other point's), and points[1]'s at kNow - 3 days.
  CHECK(retention.step(from_epoch_ms(kNow + 9'999), 1000).rows_deleted == 0);
  CHECK(retention.step(from_epoch_ms(kNow + 10'000), 1000).rows_deleted == 2);
  CHECK(history.oldest_sample_ms(points[0]) == cut + 10'000);
  CHECK(history.oldest_sample_ms(points[1]) == cut - 1);
  CHECK(count(db, "SELECT count(*) FROM history_samples WHERE point = " +
                      std::to_string(points[1])) == 3);
}
