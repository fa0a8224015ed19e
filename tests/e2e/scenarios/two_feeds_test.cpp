// SPDX-License-Identifier: Apache-2.0
// A power-cut scope over two switches, end to end (issue 17 §5): face3.ch4 names two feeds
// (feed = ["face3.feed", "face3.feed2"]); sitewatch-sim's methane jumps past the power-cut level
// and only the face's feed goes off, the roadway's stays on. The platform sees power_not_cut
// naming the roadway's feed, not the face's; once that one goes off too, the hazard clears while
// methane is still high.
#include <catch2/catch.hpp>

#include "alarm_data.hpp"
#include "support/mqtt_capture.hpp"
#include "support/site_under_test.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {
SiteOptions two_feed_site() {
  SiteOptions o;
  o.scenario = "tools/sitewatch-sim/scenarios/coal_face_two_feeds.toml";
  o.speed = 2;
  o.replace["    feed = \"face3.feed\""] = "    feed = [\"face3.feed\", \"face3.feed2\"]";
  // The feed-switch device is the config's last: the second feed joins it.
  o.config_tail =
      "    [[bus.device.point]]\n"
      "    id = \"face3.feed2\"\n"
      "    name = \"顺槽馈电状态\"\n"
      "    quantity = \"power_feed\"\n"
      "    table = \"discrete\"\n"
      "    address = 1\n"
      "    type = \"bool\"\n";
  return o;
}

std::optional<json> not_cut(const CapturedMessage& m, const std::string& event) {
  auto d = alarm_data(m, "face3.ch4", "power_not_cut");
  if (!d || d->value("event", "") != event) return std::nullopt;
  return d;
}
}  // namespace

TEST_CASE(
    "with two feeds and only one switched off, the platform hears power not cut naming the "
    "other, and both off clears it") {
  SiteUnderTest site(two_feed_site());
  MqttCapture platform(site.broker().uri(), "sitewatch/#");

  auto raised = platform.wait_for([](const auto& m) { return not_cut(m, "raised").has_value(); },
                                  std::chrono::seconds(30));
  REQUIRE(raised);
  const json h = *not_cut(*raised, "raised");
  CHECK(h["level"] == "power_not_cut");
  CHECK(h["major_hazard"] == true);
  const std::string message = h["message"];
  CHECK(message.find("馈电 顺槽馈电状态") != std::string::npos);
  CHECK(message.find("工作面馈电状态") == std::string::npos);

  // The console shows both feeds (an array where one feed is a string).
  const auto [code, limits] = site.ctl("points --limits face3.ch4 --json");
  INFO(limits);
  REQUIRE(code == 0);
  const json points = json::parse(limits, nullptr, false);
  REQUIRE(points.is_array());
  REQUIRE(points.size() == 1);
  CHECK(points[0]["feed"] == json::array({"face3.feed", "face3.feed2"}));

  // The roadway's feed goes off at ~10 s: the cut is proven, methane still at 1.8 %.
  auto cleared = platform.wait_for(
      [&](const auto& m) {
        auto d = not_cut(m, "cleared");
        return d && (*d)["alarm_id"] == h["alarm_id"];
      },
      std::chrono::seconds(30));
  REQUIRE(cleared);
  const auto limit = platform.wait_for(
      [](const auto& m) {
        auto d = alarm_data(m, "face3.ch4", "limit");
        return d && d->value("event", "") == "cleared";
      },
      std::chrono::milliseconds(1));
  CHECK_FALSE(limit);
}
