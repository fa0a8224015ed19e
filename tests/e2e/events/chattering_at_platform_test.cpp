// SPDX-License-Identifier: Apache-2.0
// Chattering at the platform (issue 18: a flapping point kept sending raise/clear messages after it
// was reported chattering): at a real broker, a methane reading that flaps across its alarm level
// for 30 s produces a bounded number of alarm messages — the steps before the report, the
// `chattering` report, one count per chatter_window and one when it settles.
#include <catch2/catch.hpp>

#include "e2e/faults/fault_helpers.hpp"

using namespace sw::test;
using namespace sw::test::faults;

namespace {

bool ch4_limit_step(const CapturedMessage& m) {
  const json j = m.json();
  if (!j.is_object() || j.value("kind", "") != "alarm") return false;
  const json& d = j["data"];
  return d.value("point", "") == "face3.ch4" && d.value("rule", "") == "limit";
}

}  // namespace

TEST_CASE("a flapping point sends a count per interval while it chatters, not every step") {
  SiteOptions options;
  options.scenario = "tests/e2e/events/scenarios/methane_flaps.toml";
  options.speed = 2;
  options.replace = quick_demo_lines();
  options.config_tail = "\n[alarms]\nchatter_count = 3\nchatter_window = \"10s\"\n";
  options.start_daemon = false;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();

  // 15 raises and 15 clears from ~5 s to ~35 s; settled a window after the last raise.
  const auto settled = platform.wait_for(
      [](const CapturedMessage& m) {
        return ch4_limit_step(m) && m.json()["data"].value("event", "") == "chattering" &&
               m.json()["data"]["chatter"].value("settled", false);
      },
      90s);
  INFO(site.daemon().log());
  REQUIRE(settled);

  int steps = 0, reports = 0, counts = 0, held = 0, raised_held = 0, cleared_held = 0;
  for (const auto& m : platform.messages()) {
    if (!ch4_limit_step(m)) continue;
    const json d = m.json()["data"];
    const std::string event = d["event"];
    INFO(m.payload);
    if (event == "raised" || event == "cleared") ++steps;
    if (event != "chattering") continue;
    REQUIRE(d.contains("chatter"));
    const json& c = d["chatter"];
    if (c["held"] == 0 && !c["settled"].get<bool>())
      ++reports;
    else
      ++counts;
    held += c["held"].get<int>();
    raised_held += c["raised"].get<int>();
    cleared_held += c["cleared"].get<int>();
  }
  // Before the report: raised, cleared, raised, cleared, raised (the third raise reports it).
  CHECK(steps <= 6);
  CHECK(reports == 1);
  // One count per 10 s window over ~30 s of flapping, and the one that says it settled.
  CHECK(counts >= 2);
  CHECK(counts <= 5);
  // Nothing lost: what was held back adds up with what was sent to the 30 steps.
  CHECK(steps + held == 30);
  CHECK(raised_held + cleared_held == held);
  CHECK(settled->json()["data"]["state"] == "returned_unacknowledged");
}
