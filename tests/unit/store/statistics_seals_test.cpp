// SPDX-License-Identifier: Apache-2.0
// Issue 17 §4: the 5-minute statistics are sealed like the ledger is chained, so an edited,
// deleted or inserted window shows; deleting the oldest (retention, the disk budget) does not.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/history.hpp"
#include "store/point_keys.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

namespace {

constexpr std::int64_t kWindow = 300'000;
constexpr std::int64_t kStart = 1'796'000'000'000 / kWindow * kWindow;  // a window boundary

std::int64_t window(int n) {
  return kStart + n * kWindow;
}

struct SealsFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  PointKeys keys{db};
  History history{db};
  std::vector<std::int64_t> points;

  SealsFixture() {
    points = keys.get_or_create({"face3.ch4", "face3.co", "return.ch4"});
    for (int w = 0; w < 6; ++w) write_window(w, 0.1 * w);
  }
  void write_window(int w, double base) {
    std::vector<StatisticsRow> rows;
    for (std::size_t p = 0; p < points.size(); ++p)
      rows.push_back({points[p], from_epoch_ms(window(w)), Millis{kWindow}, base, base + 0.5,
                      base + 0.25, 10 + static_cast<std::int64_t>(p)});
    history.append(rows);
  }
  StatisticsVerdict verify_all() { return history.seals().verify(SIZE_MAX); }
};

}  // namespace

TEST_CASE("sealed statistics verify intact, and the head is the newest window") {
  SealsFixture f;
  const auto v = f.verify_all();
  CHECK(v.intact);
  CHECK(v.windows == 6);
  CHECK(v.rows_checked == 18);
  const auto head = f.history.seals().head();
  CHECK(head.window_start_ms == window(5));
  CHECK(head.hash.size() == 64);
}

TEST_CASE("an edited maximum is found, and named by its window") {
  SealsFixture f;
  f.db.exec("UPDATE history_statistics SET max = 0.9 WHERE window_start_ms = " +
            std::to_string(window(2)) + " AND point = " + std::to_string(f.points[1]));
  const auto v = f.verify_all();
  CHECK_FALSE(v.intact);
  CHECK(v.first_bad_window_ms == window(2));
  CHECK_THAT(v.problem, Catch::Contains("rows differ from their seal"));
}

TEST_CASE("rows deleted from the middle, a window's rows all gone, and rows added are found") {
  SealsFixture f;
  SECTION("one row of a window") {
    f.db.exec("DELETE FROM history_statistics WHERE window_start_ms = " +
              std::to_string(window(3)) + " AND point = " + std::to_string(f.points[0]));
    CHECK(f.verify_all().first_bad_window_ms == window(3));
  }
  SECTION("a whole window, its seal kept") {
    f.db.exec("DELETE FROM history_statistics WHERE window_start_ms = " +
              std::to_string(window(1)));
    const auto v = f.verify_all();
    CHECK(v.first_bad_window_ms == window(1));
    CHECK_THAT(v.problem, Catch::Contains("every row of a sealed window is gone"));
  }
  SECTION("a whole window and its seal") {
    f.db.exec("DELETE FROM history_statistics WHERE window_start_ms = " +
              std::to_string(window(1)));
    f.db.exec("DELETE FROM statistics_seals WHERE window_start_ms = " + std::to_string(window(1)));
    const auto v = f.verify_all();
    CHECK(v.first_bad_window_ms == window(2));
    CHECK_THAT(v.problem, Catch::Contains("does not follow the seal before it"));
  }
  SECTION("the newest window and its seal") {
    f.db.exec("DELETE FROM history_statistics WHERE window_start_ms = " +
              std::to_string(window(5)));
    f.db.exec("DELETE FROM statistics_seals WHERE window_start_ms = " + std::to_string(window(5)));
    const auto v = f.verify_all();
    CHECK(v.first_bad_window_ms == window(5));
    CHECK_THAT(v.problem, Catch::Contains("newest windows deleted"));
  }
  SECTION("a window written behind the store's back") {
    f.db.exec("INSERT INTO history_statistics VALUES (" + std::to_string(f.points[0]) + ", " +
              std::to_string(window(7)) + ", 300000, 0, 4, 2, 5)");
    const auto v = f.verify_all();
    CHECK(v.first_bad_window_ms == window(7));
    CHECK_THAT(v.problem, Catch::Contains("rows without a seal"));
  }
}

TEST_CASE("deleting the oldest statistics, whole windows or part of one, is not tampering") {
  SealsFixture f;
  CHECK(f.history.prune_statistics(window(2), 4) == 4);  // window 0 and one row of window 1
  auto v = f.verify_all();
  CHECK(v.intact);
  CHECK(v.windows == 4);
  // The rest of window 1 and window 2 whole.
  CHECK(f.history.prune_statistics(window(3), 100) == 5);
  v = f.verify_all();
  CHECK(v.intact);
  CHECK(v.windows == 3);
  // ...but an edit after the released part still shows.
  f.db.exec("UPDATE history_statistics SET avg = 0 WHERE window_start_ms = " +
            std::to_string(window(3)));
  CHECK(f.verify_all().first_bad_window_ms == window(3));
}

TEST_CASE("a window written again after a restart is sealed again, and stays intact") {
  SealsFixture f;
  f.write_window(5, 1.0);  // the newest, with later figures
  CHECK(f.verify_all().intact);
  f.write_window(2, 2.0);  // an older one: every later seal is made again
  CHECK(f.verify_all().intact);
  CHECK(f.history.seals().head().window_start_ms == window(5));
}

TEST_CASE("contents are checked in slices that go round, and new windows every time") {
  SealsFixture f;
  auto& seals = f.history.seals();
  // First check: every link, one window's slice from the oldest, and the newest window.
  auto v = seals.verify(1);
  CHECK(v.intact);
  CHECK(v.windows == 6);
  CHECK(v.rows_checked == 6);
  // An edit in window 3 is found once the slice comes round to it.
  f.db.exec("UPDATE history_statistics SET min = -1 WHERE window_start_ms = " +
            std::to_string(window(3)));
  int checks = 0;
  do {
    v = seals.verify(1);
    ++checks;
  } while (v.intact && checks < 10);
  CHECK_FALSE(v.intact);
  CHECK(v.first_bad_window_ms == window(3));
  CHECK(checks <= 3);
}
