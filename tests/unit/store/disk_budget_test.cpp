// SPDX-License-Identifier: Apache-2.0
// The disk budget: history injected far past a small max_size never takes the store (file + WAL)
// past it; raw samples go first, oldest first, then statistics; the alarm ledger and unsent alarms
// are never dropped, and when only they are left over the budget, over_budget says so.
#include <catch2/catch.hpp>


#include "store/alarm_ledger.hpp"
#include "store/disk_budget.hpp"
#include "store/history.hpp"
#include "store/point_keys.hpp"
#include "store/sqlite_outbox.hpp"
#include "store_test_data.hpp"
#include "support/store_size.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

namespace {

constexpr std::int64_t kStart = 1'764'000'000'000;
constexpr std::int64_t kMB = 1 << 20;

std::int64_t count(Database& db, const std::string& sql) {
  auto q = db.prepare(sql);
  return q.step() ? q.column_int64(0) : -1;
}

std::vector<OutboundMessage> alarm_messages(int n) {
  std::vector<OutboundMessage> out;
  for (int i = 0; i < n; ++i) {
    OutboundMessage m;
    m.id = "01JALARMMSG" + std::to_string(i);
    m.seq = i + 1;
    m.lane = Lane::alarm;
    m.topic = "sw/E1/gw/alarm";
    m.payload = std::string(300, 'a');
    m.point = "face3.ch4";
    m.created = from_epoch_ms(kStart);
    out.push_back(std::move(m));
  }
  return out;
}

struct BudgetFixture {
  sw::test::TempDir dir;
  std::string path = dir.file("s.db");
  Database db{path};
  PointKeys keys{db};
  History history{db};
  AlarmLedger ledger{db};
  SqliteOutbox outbox{db, 1'000'000};

  std::vector<std::int64_t> make_points(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("face" + std::to_string(i) + ".ch4");
    return keys.get_or_create(ids);
  }
};

}  // namespace

TEST_CASE_METHOD(BudgetFixture,
                 "history injected far past a 2MB budget never takes the store past it, and the "
                 "ledger, unsent alarms and older statistics stay") {
  std::vector<AlarmEvent> events;
  for (int i = 0; i < 300; ++i) events.push_back(sw::store::test::methane_event(i));
  ledger.append(events);
  auto alarms = alarm_messages(300);
  outbox.add(alarms);

  DiskBudget budget(db, history, ByteSize{2 * kMB}, FreeSpace{0, std::nullopt});
  const auto points = make_points(200);
  std::int64_t injected = 0, max_seen = 0;
  std::int64_t last_batch_time = 0;
  // 600 turns a second apart, 2,000 samples each (10 a point), a statistics window for every
  // point each 60 turns: 1.2 million rows, about twelve times what 2MB holds.
  for (int turn = 0; turn < 600; ++turn) {
    const std::int64_t t = kStart + turn * 1000;
    std::vector<HistoryRow> rows;
    for (auto p : points)
      for (int i = 0; i < 10; ++i)
        rows.push_back({p, t + i * 100, 0.001 * (turn + i) + 0.1 / 3, Quality::good});
    history.append(rows);
    injected += static_cast<std::int64_t>(rows.size());
    if (turn % 60 == 59) {
      std::vector<StatisticsRow> stats;
      for (auto p : points)
        stats.push_back({p, from_epoch_ms(t - 59'000), Millis{60'000}, 0, 1, 0.5, 600});
      history.append(stats);
    }
    budget.step(from_epoch_ms(t), 2000 + 2 * rows.size());
    const std::int64_t size = sw::test::store_bytes_on_disk(path);
    max_seen = std::max(max_seen, size);
    INFO("turn " << turn << ": " << size << " bytes on disk");
    REQUIRE(size <= 2 * kMB);
    last_batch_time = t;
  }
  INFO("largest seen: " << max_seen);
  CHECK(injected == 1'200'000);
  CHECK(budget.status().limit_bytes == 2 * kMB);
  CHECK_FALSE(budget.status().over_budget);

  // Raw samples went oldest first: the newest turn is whole, the first turns are gone.
  CHECK(count(db, "SELECT count(*) FROM history_samples WHERE time_ms >= " +
                      std::to_string(last_batch_time)) == 2000);
  CHECK(count(db, "SELECT count(*) FROM history_samples WHERE time_ms < " +
                      std::to_string(kStart + 60'000)) == 0);
  // Statistics outlive them: every window is still there.
  CHECK(count(db, "SELECT count(*) FROM history_statistics") == 10 * 200);
  CHECK(count(db, "SELECT min(window_start_ms) FROM history_statistics") == kStart);
  // Nothing of the ledger or the unsent alarms went for space.
  const LedgerVerdict verdict = ledger.verify();
  CHECK(verdict.intact);
  CHECK(verdict.records == 300);
  CHECK(outbox.stats().by_lane[static_cast<std::size_t>(Lane::alarm)] == 300);
}

TEST_CASE_METHOD(BudgetFixture, "when raw samples are gone, the oldest statistics go next") {
  const auto points = make_points(100);
  std::vector<StatisticsRow> stats;
  for (int w = 0; w < 400; ++w)
    for (auto p : points)
      stats.push_back(
          {p, from_epoch_ms(kStart + w * 300'000LL), Millis{300'000}, 0.1, 0.9, 1.0 / 3, 150});
  history.append(stats);  // 40,000 windows: well over 1MB
  history.append(std::vector<HistoryRow>{{points[0], kStart, 1.0 / 3, Quality::good}});
  DiskBudget budget(db, history, ByteSize{kMB}, FreeSpace{0, std::nullopt});
  for (int i = 0; i < 400 && sw::test::store_bytes_on_disk(path) > kMB; ++i)
    budget.step(from_epoch_ms(kStart + i * 1000LL), 2000);
  CHECK(sw::test::store_bytes_on_disk(path) <= kMB);
  CHECK(count(db, "SELECT count(*) FROM history_samples") == 0);
  const std::int64_t left = count(db, "SELECT count(*) FROM history_statistics");
  CHECK(left > 0);
  CHECK(left < 40'000);
  // The newest windows are the ones kept.
  CHECK(count(db, "SELECT max(window_start_ms) FROM history_statistics") ==
        kStart + 399 * 300'000LL);
  CHECK(count(db, "SELECT min(window_start_ms) FROM history_statistics") > kStart);
}

TEST_CASE_METHOD(
    BudgetFixture,
    "a ledger alone over the budget is kept whole and the store says it is over budget") {
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<AlarmEvent> events;
    for (int i = 0; i < 300; ++i) events.push_back(sw::store::test::methane_event(batch * 300 + i));
    ledger.append(events);
  }
  REQUIRE(sw::test::store_bytes_on_disk(path) > kMB);
  DiskBudget budget(db, history, ByteSize{kMB}, FreeSpace{0, std::nullopt});
  CHECK_FALSE(budget.status().over_budget);
  budget.step(from_epoch_ms(kStart), 2000);
  CHECK(budget.status().over_budget);
  CHECK(budget.status().size_bytes > kMB);
  budget.step(from_epoch_ms(kStart + 5000), 2000);  // and stays so
  CHECK(budget.status().over_budget);
  const LedgerVerdict verdict = ledger.verify();
  CHECK(verdict.intact);
  CHECK(verdict.records == 3000);
}

TEST_CASE("min_free more than the filesystem has leaves the store no room: over budget") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  History history(db);
  DiskBudget budget(db, history, ByteSize{std::int64_t{1} << 40},
                    FreeSpace{0, ByteSize{std::int64_t{1} << 60}});
  budget.step(from_epoch_ms(kStart), 100);
  CHECK(budget.status().limit_bytes == 0);
  CHECK(budget.status().over_budget);
}
