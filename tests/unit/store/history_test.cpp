#include <catch2/catch.hpp>

#include <cmath>

#include "store/history.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

namespace {

Sample sample(const std::string& point, std::int64_t time_ms, double value,
              Quality quality = Quality::good, const std::string& reason = "") {
  Sample s;
  s.point = point;
  s.time = from_epoch_ms(time_ms);
  s.value = value;
  s.quality = quality;
  s.reason = reason;
  return s;
}

std::vector<std::int64_t> times(const std::vector<Sample>& samples) {
  std::vector<std::int64_t> out;
  for (const auto& s : samples) out.push_back(to_epoch_ms(s.time));
  return out;
}

struct HistoryFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  History history{db};
  HistoryFixture() {
    std::vector<Sample> batch;
    for (int t = 0; t < 10; ++t) {
      batch.push_back(sample("face3.ch4", t * 1000, 0.1 * t));
      batch.push_back(sample("face3.co", t * 1000 + 500, 10.0 + t));
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
  CHECK(got[1].value == Approx(0.3));
  CHECK(got[1].quality == Quality::good);
}

TEST_CASE_METHOD(HistoryFixture, "a history query stops at max, oldest first") {
  const auto got = history.query("face3.co", from_epoch_ms(0), from_epoch_ms(100'000), 2);
  CHECK(times(got) == std::vector<std::int64_t>{500, 1500});
}

TEST_CASE_METHOD(HistoryFixture, "a history query over all points interleaves them by time") {
  const auto got = history.query_all(from_epoch_ms(1000), from_epoch_ms(3000), 100);
  CHECK(times(got) == std::vector<std::int64_t>{1000, 1500, 2000, 2500});
  CHECK(got[0].point == "face3.ch4");
  CHECK(got[1].point == "face3.co");
}

TEST_CASE_METHOD(HistoryFixture,
                 "a failed read is kept with its quality and reason, never as a value") {
  history.append({sample("face3.ch4", 20'000, 0.0, Quality::comm_loss, "timeout after 500ms")});
  const auto got = history.query("face3.ch4", from_epoch_ms(20'000), from_epoch_ms(20'001), 10);
  REQUIRE(got.size() == 1);
  CHECK(got[0].quality == Quality::comm_loss);
  CHECK(got[0].reason == "timeout after 500ms");
  CHECK(std::isnan(got[0].value));
}

TEST_CASE_METHOD(HistoryFixture, "pruning one point deletes in steps of at most max_rows") {
  // Older than 7000: seven ch4 samples (0..6000).
  CHECK(history.prune("face3.ch4", from_epoch_ms(7000), 3) == 3);
  CHECK(history.prune("face3.ch4", from_epoch_ms(7000), 3) == 3);
  CHECK(history.prune("face3.ch4", from_epoch_ms(7000), 3) == 1);
  CHECK(history.prune("face3.ch4", from_epoch_ms(7000), 3) == 0);
  const auto left = history.query("face3.ch4", from_epoch_ms(0), from_epoch_ms(100'000), 100);
  CHECK(times(left) == std::vector<std::int64_t>{7000, 8000, 9000});
  CHECK(history.query("face3.co", from_epoch_ms(0), from_epoch_ms(100'000), 100).size() == 10);
}

TEST_CASE_METHOD(HistoryFixture, "pruning all points deletes the oldest first") {
  CHECK(history.prune("", from_epoch_ms(3000), 4) == 4);
  CHECK(times(history.query_all(from_epoch_ms(0), from_epoch_ms(3000), 100)) ==
        std::vector<std::int64_t>{2000, 2500});
  CHECK(history.prune("", from_epoch_ms(3000), 4) == 2);
  CHECK(history.prune("", from_epoch_ms(3000), 4) == 0);
  CHECK(history.query_all(from_epoch_ms(0), from_epoch_ms(100'000), 100).size() == 14);
}

TEST_CASE_METHOD(HistoryFixture,
                 "5-minute statistics are kept per window, a rewritten window replaced") {
  Statistics s;
  s.point = "face3.ch4";
  s.window_start = from_epoch_ms(300'000);
  s.min = 0.1;
  s.max = 0.9;
  s.avg = 0.4;
  s.count = 150;
  Statistics later = s;
  later.window_start = from_epoch_ms(600'000);
  history.append(std::vector<Statistics>{s, later});
  s.count = 151;
  history.append(std::vector<Statistics>{s});

  const auto got =
      history.query_statistics("face3.ch4", from_epoch_ms(0), from_epoch_ms(900'000), 100);
  REQUIRE(got.size() == 2);
  CHECK(got[0].count == 151);
  CHECK(got[0].window == Millis{300'000});
  CHECK(got[0].max == 0.9);
  CHECK(history.prune_statistics("", from_epoch_ms(600'000), 10) == 1);
  CHECK(
      history.query_statistics("face3.ch4", from_epoch_ms(0), from_epoch_ms(900'000), 100).size() ==
      1);
}
