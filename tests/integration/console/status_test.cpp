// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl status` against a real site: the gateway, its uplink, outbox and devices, and the
// alarms by level once the simulator's methane passes 1.0 % and 1.5 % with the feed still on.
#include <catch2/catch.hpp>

#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// Every "Label : value" line has its colon in the same column.
void check_fields_aligned(const std::string& table) {
  std::optional<std::size_t> colon;
  for (const auto& line : lines_of(table)) {
    INFO(line);
    const auto at = column_of(line, " : ");
    REQUIRE(at);
    if (!colon) colon = at;
    CHECK(*at == *colon);
  }
}

}  // namespace

TEST_CASE("status names the gateway, its connected uplink, the outbox and 4 of 4 devices online") {
  ConsoleSite site(console_site_options(kCalmFirst));
  REQUIRE_FALSE(site.await_json({"status"},
                                [](const json& s) {
                                  return s["devices"].value("online", 0) == 4 &&
                                         s["mqtt"].value("connected", false);
                                })
                    .is_null());

  // The table first, then the JSON: methane only rises in this scenario, so when the later JSON
  // shows no alarm, the earlier table had none either.
  const auto table = site.ctl({"status"});
  const auto status = site.ctl_json({"status"});
  check_status_shape(status);
  CHECK(status["gateway_id"] == "gw-face3");
  CHECK(status["enterprise"] == "DEMO-COAL-01");
  CHECK(status["site_type"] == "coal_mine");
  CHECK(status["mqtt"]["connected"] == true);
  CHECK_THAT(status["mqtt"]["broker"].get<std::string>(),
             Catch::Contains(std::to_string(site.site().broker().port())));
  CHECK(status["mqtt"]["last_error"] == "");
  CHECK(status["devices"]["online"] == 4);
  CHECK(status["devices"]["total"] == 4);
  CHECK(status["storage"]["ok"] == true);
  CHECK(status["storage"]["problem"] == "");
  // The calm first seconds: methane far below 1.0 %, nothing active.
  REQUIRE(status["alarms"]["active_by_level"].empty());
  CHECK(status["alarms"]["unacknowledged"] == 0);
  CHECK(status["alarms"]["major_hazards"] == 0);

  CHECK(table.code == 0);
  CHECK(table.err.empty());
  CHECK_FALSE(has_escape(table.out));
  check_fields_aligned(table.out);
  const auto lines = lines_of(table.out);
  REQUIRE(lines.size() == 8);
  CHECK(lines[0] == "Gateway : gw-face3 (enterprise DEMO-COAL-01, coal_mine)");
  CHECK_THAT(lines[1], Catch::StartsWith("Version : "));
  CHECK_THAT(lines[2], Catch::StartsWith("MQTT    : connected to ") &&
                           Catch::Contains(std::to_string(site.site().broker().port())));
  CHECK_THAT(lines[3], Catch::Matches(R"(Outbox  : \d+ waiting \(alarm \d+, event \d+, )"
                                      R"(status \d+, telemetry \d+\).*)"));
  CHECK(lines[4] == "Devices : 4 of 4 online");
  CHECK(lines[5] == "Alarms  : none active");
  CHECK(lines[6] == "Storage : ok");
  CHECK(lines[7] == "Hazards : none open");
}

TEST_CASE("status counts the alarms by level once methane passes 1.0 % with the feed still on") {
  ConsoleSite site(console_site_options(kFast));
  // 1.0 % raises the limit alarm, 1.5 % escalates it to power_cut (same alarm), and the feed
  // still on 2 s after the cut level adds the major hazard power_not_cut (第498条, AQ 6201).
  const auto status = site.await_json({"status"}, [](const json& s) {
    const auto& levels = s["alarms"]["active_by_level"];
    return levels.value("power_cut", 0) == 1 && levels.value("power_not_cut", 0) == 1;
  });
  REQUIRE_FALSE(status.is_null());
  check_status_shape(status);
  CHECK(status["alarms"]["active_by_level"].size() == 2);
  CHECK(status["alarms"]["unacknowledged"] == 2);
  CHECK(status["alarms"]["major_hazards"] == 1);
  CHECK(status["devices"]["online"] == 4);

  const auto table = site.ctl({"status"});
  CHECK(table.code == 0);
  CHECK_FALSE(has_escape(table.out));
  check_fields_aligned(table.out);
  CHECK(line_with(table.out, "Alarms") ==
        "Alarms  : 2 active (power_cut 1, power_not_cut 1), 2 unacknowledged, 1 MAJOR HAZARD");
}
