// SPDX-License-Identifier: Apache-2.0
// A methane head left in calibration, end to end (issue 17 §2): sitewatch-sim's head sets its
// calibrating bit with test gas on it and stays that way. sitewatchd suppresses the head's limit
// alarms while it calibrates (by design: the gas is test gas), and once the hold outlasts
// max_calibration (2 s here; 1 h by default) raises `masked` — a major hazard on this high-gas
// mine (判定标准 第七条(二) 人为造成甲烷传感器失效, 第十八条(六) 屏蔽) — at the platform.
#include <catch2/catch.hpp>

#include "alarm_data.hpp"
#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
SiteOptions left_in_calibration_site() {
  SiteOptions o;
  o.scenario = "tools/sitewatch-sim/scenarios/left_in_calibration.toml";
  o.replace["    deadband = 0.02\n"] =
      "    deadband = 0.02\n"
      "    max_calibration = \"2s\"\n"
      "  [bus.device.status]\n"
      "  address = 1\n"
      "    [[bus.device.status.field]]\n"
      "    mask = 0x0040\n"
      "    calibrating = [1]\n";
  return o;
}

std::optional<json> alarm_data(const CapturedMessage& m, const std::string& rule) {
  return sw::test::alarm_data(m, "face3.ch4", rule);
}
}  // namespace

TEST_CASE("a methane head left in calibration raises masked, a major hazard, through the daemon") {
  SiteUnderTest site(left_in_calibration_site());
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  const auto masked = wait_for_raised(platform, "face3.ch4", "masked", std::chrono::seconds(30));
  REQUIRE(masked);
  const json d = *masked;
  CHECK(d["level"] == "masked");
  CHECK(d["priority"] == 1);
  CHECK(d["major_hazard"] == true);
  CHECK_THAT(d["clause"].get<std::string>(),
             Catch::Contains("第七条(二)") && Catch::Contains("第十八条(六)"));
  CHECK_THAT(d["message"].get<std::string>(), Catch::Contains("标校（屏蔽）超过 2 秒"));

  // The test gas (2.0 %CH4, past the power-cut level) raised no limit alarm while calibrating.
  for (const auto& m : platform.messages()) {
    const auto limit = alarm_data(m, "limit");
    CHECK_FALSE(limit.has_value());
  }
}
