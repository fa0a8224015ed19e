// SPDX-License-Identifier: Apache-2.0
// One cause, one alarm, end to end (issue 17 §6): the multi-gas detector (CO and O2 on one Modbus
// unit) stops answering for ten seconds. The platform gets one device_offline alarm naming both
// points, raised and then cleared when the detector answers again — and no sensor-fault alarm for
// either point, while the points themselves are sent as comm_loss.
#include <catch2/catch.hpp>

#include <algorithm>

#include "alarm_data.hpp"
#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"
#include "support/wait_until.hpp"

using namespace sw::test;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("a silent multi-gas detector raises one device_offline alarm, not a fault per point") {
  SiteOptions options;
  options.scenario = "tools/sitewatch-sim/scenarios/multigas_silent.toml";
  options.speed = 1;
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  const auto event_of = [&](const std::string& event) {
    return platform.wait_for(
        [&](const CapturedMessage& m) {
          const auto d = alarm_data(m, "face3.co", "device_offline");
          return d && d->value("event", "") == event;
        },
        40s);
  };
  const auto raised = event_of("raised");
  REQUIRE(raised);
  const json d = *alarm_data(*raised, "face3.co", "device_offline");
  CHECK(d["level"] == "offline");
  CHECK(d["major_hazard"] == false);
  CHECK_THAT(d["message"].get<std::string>(), Catch::Contains("multigas-1") &&
                                                  Catch::Contains("一氧化碳") &&
                                                  Catch::Contains("氧气"));
  const auto cleared = event_of("cleared");
  if (!cleared) UNSCOPED_INFO(site.daemon().log());
  REQUIRE(cleared);

  // The points went out as comm_loss while it lasted, but neither raised a fault of its own.
  const auto messages = platform.messages();
  const bool co_lost = std::any_of(messages.begin(), messages.end(), [](const CapturedMessage& m) {
    if (m.topic.find("/telemetry") == std::string::npos) return false;
    const json j = m.json();
    // Statistics windows go out on this topic too, without points.
    if (!j.is_object() || j.value("kind", "") != "telemetry") return false;
    for (const auto& p : j["data"]["points"])
      if (p.value("point", "") == "face3.co" && p.value("quality", "") == "comm_loss") return true;
    return false;
  });
  CHECK(co_lost);
  for (const auto& m : messages)
    for (const char* point : {"face3.co", "face3.o2"}) {
      const auto fault = alarm_data(m, point, "sensor_fault");
      CHECK_FALSE(fault.has_value());
    }
}
