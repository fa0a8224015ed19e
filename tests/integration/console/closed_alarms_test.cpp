// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl alarms --closed [--since]`: alarm history from the ledger. Methane passes the
// 1.0 % alarm level for a few seconds and falls back; the operator acknowledges the alarm while it
// is active, so its return closes it (ISA-18.2 NORM). It leaves `alarms` and shows in `--closed`.
#include <catch2/catch.hpp>

#include <algorithm>

#include "console_site.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
constexpr const char* kMethanePasses = "tests/integration/console/scenarios/methane_passes.toml";
}

TEST_CASE(
    "alarms --closed lists an alarm back to normal, from the ledger, with who acknowledged it") {
  ConsoleSite site(console_site_options(kFast, kMethanePasses));
  const json alarm = site.await_alarm("face3.ch4", "limit");
  REQUIRE_FALSE(alarm.is_null());
  const std::string id = alarm["alarm_id"].get<std::string>();
  REQUIRE(site.ctl({"ack", id, "--by", "alice"}).code == 0);

  const json closed = site.await_json({"alarms", "--closed"}, [&](const json& rows) {
    for (const auto& r : rows)
      if (r.value("alarm_id", "") == id) return true;
    return false;
  });
  REQUIRE_FALSE(closed.is_null());
  CHECK(site.alarm_by_id(id).is_null());  // gone from the live alarms
  json row;
  for (const auto& r : closed)
    if (r.value("alarm_id", "") == id) row = r;
  INFO(row.dump());
  CHECK(row["point"] == "face3.ch4");
  CHECK(row["rule"] == "limit");
  CHECK(row["level"] == "alarm");
  CHECK(row["unit"] == "%CH4");
  CHECK(row["peak"].get<double>() >= 1.0);
  CHECK(row["threshold"].get<double>() == Approx(1.0));
  CHECK_THAT(row["acked_by"].get<std::string>(), Catch::StartsWith("alice"));
  CHECK(row["returned_at"].is_string());
  // Whichever came last closed it: the return (acknowledged while active) or the acknowledgement.
  CHECK(row["closed_at"] ==
        std::max(row["returned_at"].get<std::string>(), row["acked_at"].get<std::string>()));
  CHECK(row["duration_s"].get<double>() > 0);
  CHECK(row["steps"].get<int>() >= 3);  // raised, acknowledged, cleared

  const auto table = site.ctl({"--utc", "alarms", "--closed"});
  INFO(table.out << table.err);
  CHECK(table.code == 0);
  CHECK(titles_of(lines_of(table.out)[0]) ==
        std::vector<std::string>{"CLOSED", "ALARM ID", "LEVEL", "POINT", "LOCATION", "PEAK",
                                 "LIMIT", "UNIT", "RAISED", "LASTED", "ACKED BY"});
  const auto line = line_with(table.out, id);
  CHECK(column_of(line, "face3.ch4") == column_of(lines_of(table.out)[0], "POINT"));
  CHECK_THAT(line, Catch::Contains("alice"));

  // Closed before --since: not listed. --since without --closed: a usage error.
  const json none = site.ctl_json({"alarms", "--closed", "--since", "2099-01-01"});
  CHECK(none.empty());
  CHECK(site.ctl({"alarms", "--closed", "--since", "2099-01-01"}).out ==
        "no alarms closed in that time\n");
  const auto misuse = site.ctl({"alarms", "--since", "1h"});
  CHECK(misuse.code != 0);
  CHECK_THAT(misuse.err, Catch::Contains("--closed"));
  const auto bad_time = site.ctl({"alarms", "--closed", "--since", "yesterday-ish"});
  CHECK(bad_time.code != 0);
  CHECK_THAT(bad_time.err, Catch::Contains("is not a time"));
}
