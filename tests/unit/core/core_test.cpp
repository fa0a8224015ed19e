// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "core/blocking_queue.hpp"
#include "core/calendar_date.hpp"
#include "core/clock.hpp"
#include "core/duration_parse.hpp"
#include "core/quality.hpp"
#include "core/ulid.hpp"

using namespace sw;
using namespace std::chrono_literals;

TEST_CASE("durations parse with a unit and refuse anything else") {
  CHECK(parse_duration("250ms") == Millis{250});
  CHECK(parse_duration("2s") == Millis{2000});
  CHECK(parse_duration("1.5s") == Millis{1500});
  CHECK(parse_duration("5m") == Millis{300'000});
  CHECK(parse_duration("1h") == Millis{3'600'000});
  CHECK(parse_duration("90d") == Millis{90LL * 86'400'000});
  CHECK_FALSE(parse_duration("2"));
  CHECK_FALSE(parse_duration("-1s"));
  CHECK_FALSE(parse_duration("s"));
  CHECK_FALSE(parse_duration("2 s"));
  CHECK_FALSE(parse_duration("1e300d"));
}

TEST_CASE("durations print in the largest whole unit") {
  CHECK(format_duration(Millis{250}) == "250ms");
  CHECK(format_duration(Millis{2000}) == "2s");
  CHECK(format_duration(Millis{300'000}) == "5m");
  CHECK(format_duration(Millis{86'400'000}) == "1d");
}

TEST_CASE("times format as ISO 8601 UTC and as yyyyMMddHHmmss") {
  const WallTime t = from_epoch_ms(1'764'381'343'123);  // 2025-11-29T01:55:43.123Z
  CHECK(format_iso8601(t) == "2025-11-29T01:55:43.123Z");
  CHECK(format_compact(t, false) == "20251129015543");
}

TEST_CASE("ULIDs are 26 characters, unique, and sort by time") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(make_ulid());
  CHECK(ids.size() == 1000);
  const auto early = make_ulid(from_epoch_ms(1'000'000));
  const auto late = make_ulid(from_epoch_ms(2'000'000));
  CHECK(early.size() == 26);
  CHECK(early < late);
}

TEST_CASE("quality names round-trip") {
  for (auto q : {Quality::good, Quality::comm_loss, Quality::device_fault, Quality::warming_up,
                 Quality::calibrating, Quality::out_of_range, Quality::stale})
    CHECK(quality_from_string(to_string(q)) == q);
  CHECK_FALSE(quality_from_string("bogus"));
}

TEST_CASE("a full queue refuses and counts instead of blocking the producer") {
  BlockingQueue<int> q(2);
  CHECK(q.push(1));
  CHECK(q.push(2));
  CHECK_FALSE(q.push(3));
  CHECK(q.refused() == 1);
  std::vector<int> out;
  CHECK(q.pop_all(out, SteadyClock::now()));
  CHECK(out == std::vector<int>{1, 2});
}

TEST_CASE("wake() releases a waiting consumer without an item") {
  BlockingQueue<int> q(10);
  std::vector<int> out;
  std::thread waker([&] { q.wake(); });
  const auto start = SteadyClock::now();
  q.pop_all(out, start + 10s);
  waker.join();
  CHECK(out.empty());
  CHECK(SteadyClock::now() - start < 5s);
}

TEST_CASE("calendar dates and months as people write them in the 隐患台账 and the 调度表") {
  CHECK(sw::is_calendar_date("2026-12-31"));
  CHECK(sw::is_calendar_date("2028-02-29"));
  CHECK_FALSE(sw::is_calendar_date("2026-02-29"));
  CHECK_FALSE(sw::is_calendar_date("2026-12-3"));
  CHECK_FALSE(sw::is_calendar_date("31.12.2026"));
  const auto november = sw::local_month_bounds("2026-11");
  REQUIRE(november);
  CHECK(sw::local_month_of(november->first) == "2026-11");
  CHECK(sw::local_month_of(november->second) == "2026-12");
  CHECK(sw::local_month_of(november->second - std::chrono::seconds(1)) == "2026-11");
  const auto december = sw::local_month_bounds("2026-12");
  REQUIRE(december);
  CHECK(sw::local_month_of(december->second) == "2027-01");
  CHECK(sw::local_day_start("2026-11-01") == november->first);
  CHECK_FALSE(sw::local_month_bounds("2026-13"));
  CHECK_FALSE(sw::local_month_bounds("2026-1"));
  CHECK_FALSE(sw::local_day_start("2026-11-31"));
}
