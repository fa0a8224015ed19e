// SPDX-License-Identifier: Apache-2.0
// A methane alarm left out of service, end to end (issue 17 §2): the coal face's methane alarm is
// taken out of service with sitewatchctl, as maintenance would, and never returned. Out of service
// has no expiry, but past max_out_of_service (2 s here; 8 h by default) sitewatchd raises `masked`
// at the platform — a major hazard on this high-gas mine (判定标准 第十八条(六) 屏蔽) — says so in
// `status` and `points`, and clears it when the platform returns the alarm to service.
#include <catch2/catch.hpp>

#include "alarm_data.hpp"
#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
SiteOptions left_out_of_service_site() {
  SiteOptions o;
  // The methane alarm turns into a major hazard at the power-cut level; this site lets
  // maintenance take such alarms out of service, so that the reminder is what speaks up.
  o.config_tail =
      "\n[alarms]\n"
      "allow_out_of_service_major_hazards = true\n"
      "max_out_of_service = \"2s\"\n";
  return o;
}

std::optional<json> alarm_data(const CapturedMessage& m, const std::string& rule) {
  return sw::test::alarm_data(m, "face3.ch4", rule);
}

json ctl_json(SiteUnderTest& site, const std::string& args) {
  const auto [rc, out] = site.ctl("--json " + args);
  INFO(args << ": " << out);
  REQUIRE(rc == 0);
  return json::parse(out);
}
}  // namespace

TEST_CASE("a methane alarm left out of service raises masked, a major hazard, through the daemon") {
  SiteUnderTest site(left_out_of_service_site());
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  const auto raised = platform.wait_for(
      [](const auto& m) {
        const auto d = alarm_data(m, "limit");
        return d && d->value("event", "") == "raised";
      },
      std::chrono::seconds(30));
  REQUIRE(raised);
  const std::string alarm_id = (*alarm_data(*raised, "limit"))["alarm_id"];

  const json removed = ctl_json(site, "remove-from-service " + alarm_id + " --by maint-zhao");
  CHECK(removed["state"] == "out_of_service");

  const auto reminded = wait_for_raised(platform, "face3.ch4", "masked", std::chrono::seconds(30));
  REQUIRE(reminded);
  const json d = *reminded;
  CHECK(d["level"] == "out_of_service");
  CHECK(d["priority"] == 1);
  CHECK(d["major_hazard"] == true);
  CHECK_THAT(d["clause"].get<std::string>(), Catch::Contains("第十八条(六)"));
  CHECK_THAT(d["message"].get<std::string>(),
             Catch::Contains("退出服务（屏蔽）超过 2 秒") && Catch::Contains("maint-zhao"));
  const std::string reminder_id = d["alarm_id"];

  // The console says it: the point's alarm is out of service, too long.
  const json points = ctl_json(site, "points face3.ch4");
  REQUIRE(points.size() == 1);
  REQUIRE(points[0]["out_of_service"].size() == 1);
  CHECK(points[0]["out_of_service"][0]["alarm_id"] == alarm_id);
  CHECK(points[0]["out_of_service"][0]["too_long"] == true);
  const json status = ctl_json(site, "status");
  CHECK(status["alarms"]["out_of_service"] == 1);
  CHECK(status["alarms"]["out_of_service_too_long"] == 1);

  // Returned from the platform (the demo gateway has no command key, so unsigned is accepted).
  platform.publish("sitewatch/DEMO-COAL-01/gw-face3/cmd",
                   R"({"id":"oos-1","cmd":"return_to_service","args":{"alarm_id":")" + alarm_id +
                       R"(","by":"调度员"}})");
  const auto reply = platform.wait_for([](const auto& m) { return m.topic.ends_with("/reply"); },
                                       std::chrono::seconds(30));
  REQUIRE(reply);
  INFO(reply->payload);
  CHECK(reply->json()["data"]["ok"] == true);
  const auto cleared = platform.wait_for(
      [&](const auto& m) {
        const auto c = alarm_data(m, "masked");
        return c && c->value("alarm_id", "") == reminder_id && c->value("event", "") == "cleared";
      },
      std::chrono::seconds(30));
  CHECK(cleared);
}
