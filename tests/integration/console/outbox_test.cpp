// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl outbox` (and the uplink lines of `status`) against a real site and a real broker:
// what waits for the platform, by lane, while the broker is gone, and that it drains when the
// broker is back.
#include <catch2/catch.hpp>

#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// Reconnect quickly, so the test need not wait out the default backoff.
SiteOptions quick_reconnect() {
  auto options = console_site_options();
  options.replace["heartbeat = \"10s\""] =
      "heartbeat = \"10s\"\nreconnect_min = \"200ms\"\nreconnect_max = \"500ms\"";
  return options;
}

}  // namespace

TEST_CASE("outbox shows what waits for the platform by lane, it fills while the broker is gone") {
  ConsoleSite site(quick_reconnect());
  const auto limit = site.await_alarm("face3.ch4", "limit");
  REQUIRE_FALSE(limit.is_null());
  // Drained: judged on the answer that showed it, since new telemetry may be queued a moment later
  // (a slow run, e.g. under ThreadSanitizer, saw one waiting on the next call).
  const auto drained =
      site.await_json({"outbox"}, [](const json& o) { return o.value("depth", -1) == 0; });
  REQUIRE_FALSE(drained.is_null());
  check_outbox_shape(drained);
  CHECK(drained["oldest"].is_null());
  CHECK(drained["dropped_telemetry"] == 0);
  CtlResult table;
  CHECK(sw::test::wait_until(
      [&] {
        table = site.ctl({"outbox"});
        return table.out.rfind("Waiting : 0 ", 0) == 0;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100)));
  CHECK(table.code == 0);
  CHECK_FALSE(has_escape(table.out));
  CHECK(table.out ==
        "Waiting : 0 (alarm 0, event 0, status 0, telemetry 0)\n"
        "Oldest  : -\n"
        "Dropped : 0 telemetry messages (shed when full; alarms are never dropped)\n");

  // The broker goes away: telemetry piles up, and an acknowledgement made meanwhile waits in
  // the alarm lane; nothing is dropped.
  site.site().broker().stop();
  REQUIRE_FALSE(
      site.await_json({"status"}, [](const json& s) { return !s["mqtt"].value("connected", true); })
          .is_null());
  REQUIRE(site.ctl({"ack", limit["alarm_id"].get<std::string>(), "--by", "alice"}).code == 0);
  const auto waiting = site.await_json({"outbox"}, [](const json& o) {
    return o["by_lane"].value("alarm", 0) >= 1 && o["by_lane"].value("telemetry", 0) >= 1;
  });
  REQUIRE_FALSE(waiting.is_null());
  check_outbox_shape(waiting);
  CHECK(is_protocol_time(waiting["oldest"]));
  CHECK(waiting["dropped_telemetry"] == 0);

  const auto full = site.ctl({"outbox"});
  CHECK(full.code == 0);
  const auto lines = lines_of(full.out);
  REQUIRE(lines.size() >= 3);
  CHECK_THAT(lines[0], Catch::Matches(R"(Waiting : \d+ \(alarm [1-9]\d*, event \d+, status \d+, )"
                                      R"(telemetry [1-9]\d*\))"));
  CHECK_THAT(lines[1], Catch::Matches(R"(Oldest  : \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+s ago\))"));
  const auto status = site.ctl({"status"});
  CHECK_THAT(line_with(status.out, "MQTT"), Catch::StartsWith("MQTT    : DISCONNECTED from "));
  CHECK_THAT(line_with(status.out, "Outbox"), Catch::Matches(R"(Outbox  : [1-9]\d* waiting .*)"));
  const auto status_json = site.ctl_json({"status"});
  CHECK(status_json["mqtt"]["connected"] == false);
  CHECK_FALSE(status_json["mqtt"]["last_error"].get<std::string>().empty());

  // Back: the outbox drains to the platform.
  site.site().broker().restart();
  REQUIRE_FALSE(site.await_json({"outbox"}, [](const json& o) { return o.value("depth", -1) == 0; })
                    .is_null());
  CHECK(site.ctl_json({"status"})["mqtt"]["connected"] == true);
}
