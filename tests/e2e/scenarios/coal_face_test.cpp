// SPDX-License-Identifier: Apache-2.0
// The coal-face scenario end to end, as separate processes: sitewatch-sim serves methane rising
// past 1.0 % and 1.5 % with the power feed staying on; sitewatchd polls it over Modbus TCP; a
// subscriber on a real mosquitto sees what the platform would.
#include <catch2/catch.hpp>

#include <set>

#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
bool is_alarm(const CapturedMessage& m, const std::string& point, const std::string& event,
              const std::string& level = "") {
  if (m.topic.find("/alarm") == std::string::npos) return false;
  const json j = m.json();
  if (j.is_discarded() || !j.contains("data")) return false;
  const json& d = j["data"];
  return d.value("point", "") == point && d.value("event", "") == event &&
         (level.empty() || d.value("level", "") == level);
}
}  // namespace

TEST_CASE("methane past the alarm and power-cut levels with the feed on reaches the platform") {
  SiteUnderTest site;
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  // 1.0 %CH4 (煤矿安全规程 第498条 报警): one alarm raised with the clause.
  auto raised = platform.wait_for([](const auto& m) { return is_alarm(m, "face3.ch4", "raised"); },
                                  std::chrono::seconds(30));
  REQUIRE(raised);
  const json r = raised->json();
  CHECK(r["data"]["level"] == "alarm");
  CHECK(r["data"]["value"].get<double>() >= 1.0);
  CHECK(r["data"]["threshold"].get<double>() == Approx(1.0));
  CHECK(r["data"]["clause"].get<std::string>().find("498") != std::string::npos);
  CHECK(r["data"]["location"] == "3号采煤工作面回风隅角");
  CHECK(r["enterprise"] == "DEMO-COAL-01");
  CHECK(r["gateway"] == "gw-face3");
  CHECK(r["resent"] == false);
  const std::string alarm_id = r["data"]["alarm_id"];

  // 1.5 %CH4: the same alarm escalates to the power-cut level (same id).
  auto escalated = platform.wait_for(
      [](const auto& m) { return is_alarm(m, "face3.ch4", "escalated", "power_cut"); },
      std::chrono::seconds(30));
  REQUIRE(escalated);
  CHECK(escalated->json()["data"]["alarm_id"] == alarm_id);
  CHECK(escalated->json()["data"]["threshold"].get<double>() == Approx(1.5));

  // The feed still reports ON after the cut time: a major hazard, with its category and clause.
  auto hazard = platform.wait_for(
      [](const auto& m) {
        if (!is_alarm(m, "face3.ch4", "raised")) return false;
        return m.json()["data"].value("major_hazard", false);
      },
      std::chrono::seconds(30));
  REQUIRE(hazard);
  const json h = hazard->json()["data"];
  CHECK(h["alarm_id"] != alarm_id);
  CHECK_FALSE(h["hazard_category"].get<std::string>().empty());
  CHECK_FALSE(h["clause"].get<std::string>().empty());
  // The demo is a high-gas mine ([site] gas_class): 判定标准 第五条(二) and 第七条(二), no "(四)③";
  // the feed is named by its name, not its id (issue 17 §3).
  CHECK(h["clause"].get<std::string>().find("第五条(二)") != std::string::npos);
  CHECK(h["clause"].get<std::string>().find("第七条(二)") != std::string::npos);
  CHECK(h["message"].get<std::string>().find("馈电 工作面馈电状态") != std::string::npos);

  // Methane falls below 1.0 %: the limit alarm clears (restore level 第498条 复电 < 1.0).
  auto cleared = platform.wait_for(
      [&](const auto& m) {
        return is_alarm(m, "face3.ch4", "cleared") && m.json()["data"]["alarm_id"] == alarm_id;
      },
      std::chrono::seconds(40));
  REQUIRE(cleared);
  CHECK(cleared->json()["data"]["peak"].get<double>() >= 1.7);

  // Every message carries a unique id and a growing sequence number.
  std::set<std::string> ids;
  std::int64_t last_seq = 0;
  for (const auto& m : platform.messages()) {
    if (m.topic.find("/alarm") == std::string::npos) continue;
    const json j = m.json();
    CHECK(ids.insert(j["id"].get<std::string>()).second);
    CHECK(j["seq"].get<std::int64_t>() > last_seq);
    last_seq = j["seq"].get<std::int64_t>();
  }
}

TEST_CASE("telemetry snapshots and the retained online status reach the platform") {
  SiteUnderTest site;
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  auto status = platform.wait_for([](const auto& m) {
    return m.topic.find("/status") != std::string::npos &&
           m.payload.find("online") != std::string::npos;
  });
  REQUIRE(status);
  auto telemetry = platform.wait_for([](const auto& m) {
    if (m.topic.find("/telemetry") == std::string::npos) return false;
    const json j = m.json();  // keep the document alive while iterating into it
    // Statistics windows go out on this topic too, without points.
    if (!j.is_object() || j.value("kind", "") != "telemetry") return false;
    for (const auto& p : j["data"]["points"])
      if (p.value("point", "") == "face3.wind" && p.value("quality", "") == "good") return true;
    return false;
  });
  if (!telemetry)
    for (const auto& m : platform.messages())
      UNSCOPED_INFO(m.topic << " " << m.payload.substr(0, 300));
  REQUIRE(telemetry);
}
