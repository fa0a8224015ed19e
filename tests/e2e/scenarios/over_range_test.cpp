// SPDX-License-Identifier: Apache-2.0
// A methane head past its measuring range, end to end (issue 17 §1): sitewatch-sim's head sets
// its over-range status bit and reads 0; sitewatchd, told the head's range ([0, 4.0]) and that
// the bit means the high side, trips the alarm and power-cut levels with the range top as the
// value, raises the sensor fault, and — the feed staying on — power_not_cut; the platform sees
// the telemetry value 4.0 flagged over_range.
#include <catch2/catch.hpp>

#include "alarm_data.hpp"
#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
SiteOptions over_range_site() {
  SiteOptions o;
  o.scenario = "tools/sitewatch-sim/scenarios/over_range.toml";
  o.replace["    deadband = 0.02\n"] =
      "    deadband = 0.02\n"
      "    range = [0, 4.0]\n"
      "  [bus.device.status]\n"
      "  address = 1\n"
      "    [[bus.device.status.field]]\n"
      "    mask = 0x0010\n"
      "    over_range_high = [1]\n";
  return o;
}

// A raise or an escalation of `rule` on face3.ch4.
std::optional<json> alarm_data(const CapturedMessage& m, const std::string& rule) {
  auto d = sw::test::alarm_data(m, "face3.ch4", rule);
  if (!d) return std::nullopt;
  if (d->value("event", "") != "raised" && d->value("event", "") != "escalated")
    return std::nullopt;
  return d;
}
}  // namespace

TEST_CASE("a methane head past its range trips power cut and power_not_cut through the daemon") {
  SiteUnderTest site(over_range_site());
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  auto cut = platform.wait_for(
      [](const auto& m) {
        const auto d = alarm_data(m, "limit");
        return d && d->value("level", "") == "power_cut";
      },
      std::chrono::seconds(30));
  REQUIRE(cut);
  const json c = *alarm_data(*cut, "limit");
  CHECK(c["value"].get<double>() == Approx(4.0));
  CHECK(c["message"].get<std::string>().find("超量程") != std::string::npos);

  auto fault =
      platform.wait_for([](const auto& m) { return alarm_data(m, "sensor_fault").has_value(); },
                        std::chrono::seconds(30));
  REQUIRE(fault);

  auto hazard = platform.wait_for(
      [](const auto& m) {
        const auto d = alarm_data(m, "power_not_cut");
        return d && d->value("major_hazard", false);
      },
      std::chrono::seconds(30));
  REQUIRE(hazard);

  auto telemetry = platform.wait_for([](const auto& m) {
    if (m.topic.find("/telemetry") == std::string::npos) return false;
    const json j = m.json();
    // Statistics windows go out on this topic too, without points.
    if (!j.is_object() || j.value("kind", "") != "telemetry") return false;
    for (const auto& p : j["data"]["points"])
      if (p.value("point", "") == "face3.ch4" && p.value("over_range", "") == "high")
        return p.value("quality", "") == "out_of_range" && p["value"].is_number() &&
               p["value"].get<double>() == 4.0;
    return false;
  });
  if (!telemetry)
    for (const auto& m : platform.messages())
      UNSCOPED_INFO(m.topic << " " << m.payload.substr(0, 300));
  REQUIRE(telemetry);
}
