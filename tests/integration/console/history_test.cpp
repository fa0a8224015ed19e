// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl history POINT --since …` against a real site: the values the daemon stored from
// its polls, oldest first. The simulated wind rises steadily, so the order of the values shows the
// order of the samples.
#include <catch2/catch.hpp>

#include "console/protocol_time.hpp"
#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

TEST_CASE("history --since 1m gives a point's stored values, oldest first") {
  ConsoleSite site;
  const auto wind = site.await_json({"history", "face3.wind", "--since", "1m"},
                                    [](const json& samples) { return samples.size() >= 3; });
  REQUIRE_FALSE(wind.is_null());
  const auto started = std::chrono::system_clock::now() - std::chrono::minutes(1);
  std::optional<sw::WallTime> last_time;
  double last_value = 0;
  for (const auto& s : wind) {
    INFO(s.dump());
    check_history_sample_shape(s);
    CHECK(s["quality"] == "good");
    const auto time = sw::console::parse_rfc3339(s["time"].get<std::string>());
    REQUIRE(time);
    CHECK(*time >= started);
    const double value = s["value"].get<double>();
    CHECK(value >= 1.0);
    CHECK(value <= 3.0);
    if (last_time) {
      CHECK(*time > *last_time);  // oldest first...
      CHECK(value > last_value);  // ...as the rising wind confirms
    }
    last_time = time;
    last_value = value;
  }

  // The table: one row per sample in the same order, and the count.
  const auto table = site.ctl({"--utc", "history", "face3.wind", "--since", "1m"});
  CHECK(table.code == 0);
  CHECK_FALSE(has_escape(table.out));
  const auto lines = lines_of(table.out);
  REQUIRE(lines.size() >= wind.size() + 2);
  CHECK_THAT(lines[0], Catch::Matches("TIME +VALUE  QUALITY"));
  const std::size_t rows = lines.size() - 2;
  CHECK(lines.back() == std::to_string(rows) + (rows == 1 ? " sample" : " samples"));
  for (std::size_t i = 0; i < wind.size(); ++i) {
    const std::string time = wind[i]["time"];
    INFO(lines[i + 1]);
    CHECK_THAT(lines[i + 1], Catch::StartsWith(time.substr(0, 10) + " " + time.substr(11, 8)));
    CHECK(column_of(lines[i + 1], "good") == column_of(lines[0], "QUALITY"));
  }

  // --limit keeps the oldest; a range with nothing in it says so.
  const auto two = site.ctl_json({"history", "face3.wind", "--since", "1m", "--limit", "2"});
  REQUIRE(two.size() == 2);
  CHECK(two[0] == wind[0]);
  CHECK(two[1] == wind[1]);
  CHECK_THAT(site.ctl({"history", "face3.wind", "--since", "1m", "--limit", "2"}).out,
             Catch::EndsWith("2 samples (the limit; a larger --limit or a shorter range shows "
                             "more)\n"));
  const auto future = site.ctl({"history", "face3.wind", "--since", "2099-01-01T00:00:00Z"});
  CHECK(future.code == 0);
  CHECK(future.out == "no samples in that time range\n");

  // Methane, high since the first seconds, is stored too.
  const auto ch4 = site.ctl_json({"history", "face3.ch4", "--since", "1m"});
  REQUIRE_FALSE(ch4.empty());
  CHECK(ch4.back()["value"].get<double>() == Approx(1.8));
  CHECK(site.ctl({"history", "face3.ch4", "--since", "yesterday"}).code == 2);

  // A point the site does not have is refused with the names meant, not "no samples".
  const auto typo = site.ctl({"history", "face3.ch5", "--since", "1m"});
  CHECK(typo.code == 1);
  CHECK(typo.out.empty());
  CHECK_THAT(typo.err, Catch::Contains("unknown point \"face3.ch5\"; close names: face3.ch4"));
}
