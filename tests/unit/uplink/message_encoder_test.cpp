// SPDX-License-Identifier: Apache-2.0
// The payloads the platform reads: envelope, alarm, telemetry, wrap; renamed fields, compact and
// epoch times; the resent flag rewritten without re-encoding.
#include <catch2/catch.hpp>

#include <cmath>

#include "uplink/message_encoder.hpp"
#include "uplink_test_data.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using nlohmann::json;

namespace {

const WallTime kObserved = from_epoch_ms(1795917343123);  // 2026-11-29T01:55:43.123Z
const WallTime kRaised = from_epoch_ms(1795917000000);    // 2026-11-29T01:50:00.000Z

AlarmEvent methane_alarm() {
  AlarmEvent e;
  e.alarm_id = "01JDX5Y7ZK3M4N5P6Q7R8S9T0V";
  e.event_id = "01JDX5Y7ZK3M4N5P6Q7R8S9T0W";
  e.kind = AlarmEventKind::escalated;
  e.state = AlarmState::unacknowledged;
  e.rule = "limit";
  e.point = PointInfo{
      "face3.ch4", "bus-1",      "ch4-7", "回风隅角甲烷", "methane", "%CH4", "3号工作面回风隅角",
      false,       Millis{2000}, 0,       std::nullopt};
  e.level = "power_cut";
  e.priority = 1;
  e.value = 1.62;
  e.threshold = 1.5;
  e.peak = 1.71;
  e.major_hazard = true;
  e.hazard_category = "瓦斯超限作业";
  e.clause = "煤矿安全规程 第498条";
  e.message = "甲烷 1.62 %CH4 ≥ 断电值 1.5";
  e.time = kObserved;
  e.raised_at = kRaised;
  return e;
}

}  // namespace

TEST_CASE("an alarm carries every field the platform needs, in the envelope", "[encoder]") {
  const MessageEncoder enc(test_identity(), MessageFormat{});
  const std::string payload = enc.alarm(methane_alarm(), "01JDX5Y8000000000000000000", 77);
  const json j = json::parse(payload);
  CHECK(j["version"] == kMessageFormatVersion);
  CHECK(j["id"] == "01JDX5Y8000000000000000000");
  CHECK(j["seq"] == 77);
  CHECK(j["enterprise"] == "E1001");
  CHECK(j["gateway"] == "gw-7");
  CHECK(j["site_type"] == "coal_mine");
  CHECK(j["kind"] == "alarm");
  CHECK(j["time"] == "2026-11-29T01:55:43.123Z");  // observed, not sent
  CHECK(j["resent"] == false);
  const json& d = j["data"];
  CHECK(d["alarm_id"] == "01JDX5Y7ZK3M4N5P6Q7R8S9T0V");
  CHECK(d["event_id"] == "01JDX5Y7ZK3M4N5P6Q7R8S9T0W");
  CHECK(d["event"] == "escalated");
  CHECK(d["state"] == "unacknowledged");
  CHECK(d["rule"] == "limit");
  CHECK(d["level"] == "power_cut");
  CHECK(d["priority"] == 1);
  CHECK(d["point"] == "face3.ch4");
  CHECK(d["point_name"] == "回风隅角甲烷");
  CHECK(d["device"] == "ch4-7");
  CHECK(d["location"] == "3号工作面回风隅角");
  CHECK(d["quantity"] == "methane");
  CHECK(d["unit"] == "%CH4");
  CHECK(d["value"] == 1.62);
  CHECK(d["threshold"] == 1.5);
  CHECK(d["peak"] == 1.71);
  CHECK(d["major_hazard"] == true);
  CHECK(d["hazard_category"] == "瓦斯超限作业");
  CHECK(d["clause"] == "煤矿安全规程 第498条");
  CHECK(d["raised_at"] == "2026-11-29T01:50:00.000Z");
  CHECK(d.contains("by"));
  CHECK(d.contains("message"));
}

TEST_CASE("every payload ends with the resent flag, which mark_resent rewrites", "[encoder]") {
  const MessageEncoder enc(test_identity(), MessageFormat{});
  const std::string payload = enc.alarm(methane_alarm(), "id1", 1);
  REQUIRE_THAT(payload, Catch::EndsWith(R"("resent":false})"));
  const std::string resent = enc.mark_resent(payload);
  CHECK_THAT(resent, Catch::EndsWith(R"("resent":true})"));
  CHECK(json::parse(resent)["resent"] == true);
  CHECK(resent.substr(0, resent.size() - 5) == payload.substr(0, payload.size() - 6));
  // Idempotent, and harmless on a foreign payload.
  CHECK(enc.mark_resent(resent) == resent);
  CHECK(enc.mark_resent("{\"x\":1}") == "{\"x\":1}");
  CHECK(enc.mark_resent("") == "");
}

TEST_CASE("renamed envelope fields and compact times, as provincial platforms want", "[encoder]") {
  MessageFormat f;
  f.time_format = TimeFormat::compact;
  f.field_names = {
      {"id", "dataId"}, {"time", "collectTime"}, {"resent", "isResend"}, {"data", "datas"}};
  const MessageEncoder enc(test_identity(), f);
  const std::string payload = enc.alarm(methane_alarm(), "u-1", 5);
  const json j = json::parse(payload);
  CHECK(j["dataId"] == "u-1");
  // Beijing time by default: 01:55:43 UTC is 09:55:43 there.
  CHECK(j["collectTime"] == "20261129095543");
  CHECK(j["datas"]["raised_at"] == "20261129095000");
  CHECK(j["isResend"] == false);
  CHECK_FALSE(j.contains("id"));
  CHECK_FALSE(j.contains("resent"));
  CHECK(json::parse(enc.mark_resent(payload))["isResend"] == true);
}

TEST_CASE("compact times at another offset: UTC, and west of it", "[encoder]") {
  MessageFormat f;
  f.time_format = TimeFormat::compact;
  f.utc_offset = "Z";
  f.offset = *parse_utc_offset("Z");
  CHECK(MessageEncoder(test_identity(), f).format_time(kObserved) == "20261129015543");
  f.offset = *parse_utc_offset("-05:30");
  CHECK(MessageEncoder(test_identity(), f).format_time(kObserved) == "20261128202543");
  CHECK_FALSE(parse_utc_offset("+8"));
  CHECK_FALSE(parse_utc_offset("+08:60"));
  CHECK_FALSE(parse_utc_offset("08:00"));
  CHECK(*parse_utc_offset("+08:00") == std::chrono::hours(8));
}

TEST_CASE("epoch-millisecond times are numbers", "[encoder]") {
  MessageFormat f;
  f.time_format = TimeFormat::epoch_ms;
  const MessageEncoder enc(test_identity(), f);
  const json j = json::parse(enc.alarm(methane_alarm(), "id", 1));
  CHECK(j["time"] == 1795917343123);
  CHECK(j["data"]["raised_at"] == 1795917000000);
  CHECK(enc.format_time(kObserved) == "1795917343123");
}

TEST_CASE("a point that was not read well has no value, only its quality and reason", "[encoder]") {
  const MessageEncoder enc(test_identity(), MessageFormat{});
  std::vector<Sample> samples{
      {0, 0.42, Quality::good, kObserved, "", ""},
      {1, 0, Quality::comm_loss, kObserved, "timeout after 500ms", ""},
      {2, 20.9, Quality::warming_up, kObserved, "", ""},
  };
  std::vector<PointInfo> points(3);
  points[0].id = "face3.ch4";
  points[1].id = "face3.co";
  points[2].id = "face3.o2";
  points[0].unit = "%CH4";
  points[1].unit = "ppm";
  points[2].unit = "%vol";
  const json j = json::parse(enc.telemetry(samples, points, true, "t1", 9, kObserved));
  CHECK(j["kind"] == "telemetry");
  CHECK(j["data"]["snapshot"] == true);
  const json& p = j["data"]["points"];
  REQUIRE(p.size() == 3);
  CHECK(p[0]["point"] == "face3.ch4");
  CHECK(p[1]["point"] == "face3.co");
  CHECK(p[0]["value"] == 0.42);
  CHECK(p[0]["quality"] == "good");
  CHECK(p[0]["unit"] == "%CH4");
  CHECK(p[0]["time"] == "2026-11-29T01:55:43.123Z");
  CHECK_FALSE(p[0].contains("reason"));
  CHECK(p[1]["value"].is_null());  // comm loss is never reported as 0
  CHECK(p[1]["quality"] == "comm_loss");
  CHECK(p[1]["reason"] == "timeout after 500ms");
  CHECK(p[2]["value"].is_null());  // nor is a warming-up sensor's reading
  CHECK(p[2]["quality"] == "warming_up");
}

TEST_CASE("NaN and infinity travel as null, invalid UTF-8 from a device is replaced", "[encoder]") {
  const MessageEncoder enc(test_identity(), MessageFormat{});
  AlarmEvent e = methane_alarm();
  e.value = std::nan("");
  e.peak = INFINITY;
  e.threshold.reset();
  e.message = std::string("bad \xff\xfe bytes");
  const json j = json::parse(enc.alarm(e, "id", 1));
  CHECK(j["data"]["value"].is_null());
  CHECK(j["data"]["peak"].is_null());
  CHECK(j["data"]["threshold"].is_null());
  CHECK_THAT(j["data"]["message"].get<std::string>(), Catch::StartsWith("bad "));

  std::vector<Sample> samples{{0, 1, Quality::good, kObserved, "", "H\xc3"}};
  CHECK_NOTHROW(json::parse(enc.telemetry(samples, {PointInfo{}}, false, "t", 2, kObserved)));
}

TEST_CASE("telemetry text: shortest numbers, escaped and non-ASCII strings, every time format",
          "[encoder]") {
  std::vector<PointInfo> points(2);
  points[0].id = "face3.ch4";
  points[0].unit = "%CH4";
  points[1].id = "tank1.temp";
  points[1].unit = "°C";
  std::vector<Sample> samples{
      {0, 0.42, Quality::good, kObserved, "", ""},
      {1, 25, Quality::device_fault, kObserved, "answer \"E7\" \\ bad\n", ""},
  };
  const MessageEncoder enc(test_identity(), MessageFormat{});
  const std::string text = enc.telemetry(samples, points, false, "t", 3, kObserved);
  CHECK_THAT(text,
             Catch::Contains(R"({"point":"face3.ch4","value":0.42,"quality":"good","unit":"%CH4",)"
                             R"("time":"2026-11-29T01:55:43.123Z"})"));
  const json j = json::parse(text);
  const json& p = j["data"]["points"];
  REQUIRE(p.size() == 2);
  CHECK(p[1]["unit"] == "°C");
  CHECK(p[1]["value"].is_null());
  CHECK(p[1]["reason"] == "answer \"E7\" \\ bad\n");

  // An integral value keeps its ".0", as the alarm messages write it.
  samples[0].value = 1;
  CHECK_THAT(enc.telemetry(samples, points, false, "t", 4, kObserved),
             Catch::Contains(R"("value":1.0,)"));

  MessageFormat epoch;
  epoch.time_format = TimeFormat::epoch_ms;
  const json e = json::parse(
      MessageEncoder(test_identity(), epoch).telemetry(samples, points, true, "t", 5, kObserved));
  CHECK(e["data"]["points"][0]["time"] == 1795917343123);
  CHECK(e["data"]["snapshot"] == true);
}

TEST_CASE("wrap puts any body in the envelope", "[encoder]") {
  const MessageEncoder enc(test_identity(), MessageFormat{});
  const std::string payload =
      enc.wrap("statistics", {{"statistics", json::array()}}, "s1", 3, kObserved);
  const json j = json::parse(payload);
  CHECK(j["kind"] == "statistics");
  CHECK(j["data"]["statistics"].is_array());
  CHECK_THAT(payload, Catch::EndsWith(R"("resent":false})"));
  // The envelope's order is fixed: version first, resent last.
  CHECK_THAT(payload, Catch::StartsWith(R"({"version":1,"id":"s1","seq":3,)"));
}
