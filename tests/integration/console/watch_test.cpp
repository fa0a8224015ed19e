// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl watch` against a real site, not on a terminal (as under a pipe or a logger): one
// screen after another every interval, ended by SIGINT or SIGTERM with exit 0; it rides out a
// daemon restart.
#include <catch2/catch.hpp>

#include <csignal>

#include "console_site.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

constexpr const char* kTitle = "sitewatch gw-face3 at ";

// Starts `watch`, awaits `screens` screens, stops it with `sig`; returns what it printed.
CtlResult watch_until_signal(ConsoleSite& site, int sig, std::size_t screens) {
  CtlProcess watch({"--socket", site.socket(), "watch", "--interval", "200ms"});
  REQUIRE(wait_until([&] { return count_of(watch.out(), "Storage : ") >= screens; },
                     std::chrono::seconds(20)));
  REQUIRE(watch.running());  // it goes on by itself
  watch.signal(sig);
  const auto result = watch.wait(std::chrono::seconds(5));
  REQUIRE(result);
  return *result;
}

}  // namespace

TEST_CASE("watch prints a screen every interval on a pipe and ends on SIGINT or SIGTERM, exit 0") {
  ConsoleSite site;
  REQUIRE_FALSE(site.await_alarm("face3.ch4", "power_not_cut").is_null());

  for (const int sig : {SIGINT, SIGTERM}) {
    INFO("signal " << sig);
    const auto run = watch_until_signal(site, sig, 3);
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK_FALSE(has_escape(run.out));  // neither colour nor the clear-screen of a terminal
    CHECK(count_of(run.out, kTitle) >= 3);
    CHECK(count_of(run.out, kTitle) == count_of(run.out, "Gateway : gw-face3 (enterprise"));
    CHECK_THAT(run.out, Catch::Contains("Devices : 4 of 4 online"));
    CHECK_THAT(run.out,
               Catch::StartsWith(kTitle) && Catch::Contains("(every 200ms; Ctrl-C stops)"));
    CHECK_THAT(run.out, Catch::Contains("Alarms  : 2 active (power_cut 1, power_not_cut 1)"));
    CHECK_THAT(run.out, Catch::Contains("ALARM ID") && Catch::Contains("MAJOR HAZARD "));
  }

  // For scripts: one JSON object a line, {"status":…, "alarms":[…]}; --count ends it.
  const auto lines = site.ctl({"watch", "--json", "--interval", "100ms", "--count", "2"});
  CHECK(lines.code == 0);
  const auto objects = lines_of(lines.out);
  REQUIRE(objects.size() == 2);
  for (const auto& line : objects) {
    const auto screen = json::parse(line, nullptr, false);
    REQUIRE(screen.is_object());
    CHECK(screen["status"]["gateway_id"] == "gw-face3");
    CHECK(screen["alarms"].is_array());
    CHECK(screen["alarms"].size() == 2);
  }
}

TEST_CASE("watch shows that the daemon is gone and comes back with it") {
  ConsoleSite site;
  CtlProcess watch({"--socket", site.socket(), "watch", "--interval", "200ms"});
  REQUIRE(wait_until([&] { return count_of(watch.out(), "Storage : ") >= 1; },
                     std::chrono::seconds(20)));

  site.site().kill_daemon();  // kill -9: the socket file stays, nobody listens
  const std::string gone = "sitewatchd is not running (nothing listens on " + site.socket() + ")";
  REQUIRE(wait_until([&] { return watch.out().find(gone) != std::string::npos; },
                     std::chrono::seconds(20)));
  CHECK_THAT(watch.out(), Catch::Contains("; trying again every 200ms"));

  site.site().start_daemon();
  const auto screens_before = count_of(watch.out(), kTitle);
  REQUIRE(wait_until([&] { return count_of(watch.out(), kTitle) > screens_before; },
                     std::chrono::seconds(20)));
  REQUIRE(watch.running());
  watch.signal(SIGINT);
  const auto result = watch.wait(std::chrono::seconds(5));
  REQUIRE(result);
  CHECK(result->code == 0);
  CHECK_FALSE(has_escape(result->out));
}
