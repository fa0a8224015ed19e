// SPDX-License-Identifier: Apache-2.0
// The encoder's output and the examples in docs/messages.md against docs/schemas/*.schema.json.
// There is no JSON Schema validator for C++ in Debian: Debian's python3-jsonschema (installed by
// scripts/install-deps) validates, through tests/unit/uplink/validate_messages.py.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/ulid.hpp"
#include "support/temp_dir.hpp"
#include "uplink/hazard_message.hpp"
#include "uplink/message_encoder.hpp"
#include "uplink/status_message.hpp"
#include "uplink_test_data.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using nlohmann::json;

namespace {

const std::string kSource = SITEWATCH_SOURCE_DIR;
const WallTime kTime = from_epoch_ms(1795917343123);

struct Run {
  int status;
  std::string output;
};

Run validate(const std::string& args) {
  const std::string cmd = "/usr/bin/python3 " + kSource +
                          "/tests/unit/uplink/validate_messages.py " + kSource + "/docs/schemas " +
                          args + " 2>&1";
  Run r{-1, {}};
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) r.output += buf;
  r.status = ::pclose(p);
  return r;
}

void require_validator() {
  const Run r = validate("--help");
  if (r.status != 0)
    FAIL(
        "cannot run the schema validator (python3-jsonschema from Debian; scripts/install-deps "
        "installs it): "
        << r.output);
}

AlarmEvent alarm_event() {
  AlarmEvent e;
  e.alarm_id = make_ulid(kTime);
  e.event_id = make_ulid(kTime);
  e.kind = AlarmEventKind::raised;
  e.state = AlarmState::unacknowledged;
  e.rule = "limit";
  e.point =
      PointInfo{"face3.ch4", "bus-1",      "ch4-7", "回风隅角甲烷", "methane", "%CH4", "3号工作面",
                false,       Millis{2000}, 0,       std::nullopt};
  e.level = "alarm";
  e.priority = 2;
  e.value = 1.02;
  e.threshold = 1.0;
  e.peak = 1.02;
  e.major_hazard = false;
  e.clause = "煤矿安全规程 第498条";
  e.message = "甲烷超限";
  e.time = kTime;
  e.raised_at = kTime;
  return e;
}

// A record the methane alarm opened, and the hashed text of a step as the register writes it.
store::HazardRecord hazard_record() {
  store::HazardRecord r;
  r.id = 7;
  r.alarm_id = make_ulid(kTime);
  r.point = "face3.ch4";
  r.category = "瓦斯超限作业";
  r.clause = "煤矿重大事故隐患判定标准 第五条(二)";
  r.description = "回风隅角甲烷 1.80 %CH4 ≥ 断电值 1.50，馈电 2s 后仍有电";
  r.first_value = 1.8;
  r.worst_value = 1.81;
  r.opened_at = kTime;
  r.updated_at = kTime;
  return r;
}

store::HazardStep hazard_step(std::int64_t seq, const std::string& action, const std::string& by,
                              const std::string& peer, const std::string& note) {
  return {seq, 7, kTime, action,
          json{{"hazard_id", 7}, {"action", action}, {"by", by}, {"peer", peer}, {"note", note}}
              .dump()};
}

// Every kind of message the encoder makes, in one format.
std::vector<std::pair<std::string, std::string>> samples(const MessageFormat& format) {
  const MessageEncoder enc(test_identity(), format);
  std::vector<std::pair<std::string, std::string>> out;
  const auto id = [] { return make_ulid(kTime); };
  std::int64_t seq = 0;

  AlarmEvent e = alarm_event();
  out.emplace_back("alarm", enc.alarm(e, id(), ++seq));
  e.kind = AlarmEventKind::acknowledged;
  e.state = AlarmState::acknowledged;
  e.by = "调度员";
  e.threshold.reset();
  e.value = std::nan("");
  out.emplace_back("alarm", enc.mark_resent(enc.alarm(e, id(), ++seq)));
  // A chattering source's count of the steps held back (issue 18).
  e.kind = AlarmEventKind::chattering;
  e.state = AlarmState::returned_unacknowledged;
  e.by.clear();
  e.chatter = ChatterCount{14, 7, 7, kTime, false};
  out.emplace_back("alarm", enc.alarm(e, id(), ++seq));
  e.chatter.reset();

  std::vector<Sample> samples{{0, 0.4, Quality::good, kTime, "", ""},
                              {1, 0, Quality::comm_loss, kTime, "timeout", ""},
                              {2, 0, Quality::stale, kTime, "", ""},
                              {3, 1, Quality::good, kTime, "", "H.264"}};
  std::vector<PointInfo> points(samples.size());
  points[0].id = "face3.ch4";
  points[1].id = "face3.co";
  points[2].id = "face3.o2";
  points[3].id = "cam1.codec";
  out.emplace_back("telemetry", enc.telemetry(samples, points, true, id(), ++seq, kTime));
  out.emplace_back("telemetry", enc.telemetry({}, {}, false, id(), ++seq, kTime));

  // As the rules thread makes statistics.
  json items = json::array();
  items.push_back({{"point", "face3.ch4"},
                   {"window_start", enc.time_value(kTime)},
                   {"window_s", 300},
                   {"min", 0.3},
                   {"max", 0.5},
                   {"avg", 0.4},
                   {"count", 150}});
  out.emplace_back("statistics",
                   enc.wrap("statistics", {{"statistics", items}}, id(), ++seq, kTime));

  const SessionNumber n{12, 3};
  out.emplace_back("status", enc.wrap("status",
                                      status_body(true, StatusReason::birth, n, enc, kTime,
                                                  {{"uplink",
                                                    {{"reconnects", 0},
                                                     {"published", 0},
                                                     {"acknowledged", 0},
                                                     {"in_flight", 0},
                                                     {"refused", 0},
                                                     {"set_aside", 0}}}}),
                                      id(), ++seq, kTime));
  out.emplace_back("status", enc.wrap("status",
                                      status_body(false, StatusReason::connection_lost, n, enc,
                                                  std::nullopt, nullptr),
                                      id(), ++seq, kTime));
  out.emplace_back(
      "status",
      enc.wrap("status", status_body(false, StatusReason::shutdown, n, enc, kTime, nullptr), id(),
               ++seq, kTime));

  out.emplace_back(
      "event",
      enc.event("device_offline", "ch4-7 stopped answering",
                {{"bus", "bus-1"}, {"device", "ch4-7"}, {"last_error", "timeout after 500ms"}},
                id(), ++seq, kTime));
  store::HazardRecord h = hazard_record();
  out.emplace_back(
      "hazard",
      hazard_message(enc, h, hazard_step(1, "opened", "gateway", "", h.description), id(), ++seq));
  h.state = store::HazardState::rectifying;
  h.plan = {"李四", "调整传感器位置", "0.5万元", "2026-12-31", "瓦斯超限撤人预案"};
  out.emplace_back("hazard",
                   hazard_message(enc, h, hazard_step(2, "planned", "张三", "alice (uid 1000)", ""),
                                  id(), ++seq));
  h.state = store::HazardState::closed;
  h.rectified_by = "李四";
  h.rectified_note = "更换断电器";
  h.rectified_at = kTime;
  h.closed_by = "王五";
  h.closed_note = "验收合格";
  h.closed_at = kTime;
  out.emplace_back(
      "hazard", hazard_message(enc, h, hazard_step(4, "closed", "王五", "root (uid 0)", "验收合格"),
                               id(), ++seq));
  out.emplace_back("reply", enc.wrap("reply", reply_ok("r1", "request_status", {{"points", 3}}),
                                     id(), ++seq, kTime));
  out.emplace_back("reply",
                   enc.wrap("reply", reply_ok("r2", "ack_alarm", nullptr), id(), ++seq, kTime));
  out.emplace_back("reply",
                   enc.wrap("reply", reply_error("r3", "", "not JSON"), id(), ++seq, kTime));
  return out;
}

std::string write_samples(const sw::test::TempDir& dir,
                          const std::vector<std::tuple<std::string, bool, std::string>>& lines) {
  std::string text;
  for (const auto& [schema, valid, payload] : lines)
    text += schema + "\t" + (valid ? "valid" : "invalid") + "\t" + payload + "\n";
  return dir.write("samples.tsv", text);
}

}  // namespace

TEST_CASE("every message the encoder makes validates against its schema, in every time format",
          "[schema]") {
  require_validator();
  std::vector<std::tuple<std::string, bool, std::string>> lines;
  for (const TimeFormat tf : {TimeFormat::iso8601, TimeFormat::epoch_ms, TimeFormat::compact}) {
    MessageFormat f;
    f.time_format = tf;
    for (auto& [schema, payload] : samples(f)) lines.emplace_back(schema, true, payload);
  }
  sw::test::TempDir dir;
  const Run r = validate("--samples " + write_samples(dir, lines));
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains(std::to_string(lines.size()) +
                                       " samples, 7 schemas used, 0 failures"));
}

TEST_CASE("the schemas refuse what the platform must never get", "[schema]") {
  require_validator();
  const MessageEncoder enc(test_identity(), MessageFormat{});
  const json good = json::parse(enc.alarm(alarm_event(), make_ulid(kTime), 1));
  std::vector<std::tuple<std::string, bool, std::string>> lines;
  const auto variant = [&](const std::string& schema, json j) {
    lines.emplace_back(schema, false, j.dump());
  };
  json j = good;
  j.erase("resent");
  variant("alarm", j);
  j = good;
  j["data"]["priority"] = 7;
  variant("alarm", j);
  j = good;
  j["data"]["extra"] = 1;
  variant("alarm", j);
  j = good;
  j["id"] = "not-a-ulid";
  variant("alarm", j);
  j = good;
  j["kind"] = "telemetry";
  variant("alarm", j);
  // A failed read shown as a value.
  PointInfo co;
  co.id = "face3.co";
  const json t = json::parse(enc.telemetry({{0, 0, Quality::comm_loss, kTime, "", ""}}, {co}, false,
                                           make_ulid(kTime), 2, kTime));
  j = t;
  j["data"]["points"][0]["value"] = 0;
  variant("telemetry", j);
  // An online status without health, a reply both ok and failed.
  const SessionNumber n{1, 1};
  j = json::parse(enc.wrap("status", status_body(true, StatusReason::birth, n, enc, kTime, nullptr),
                           make_ulid(kTime), 3, kTime));
  variant("status", j);
  // A hazard planned without a proper 期限, closed without a signer.
  store::HazardRecord h = hazard_record();
  h.state = store::HazardState::rectifying;
  h.plan = {"李四", "", "", "2026-12-31", ""};
  const json planned = json::parse(
      hazard_message(enc, h, hazard_step(2, "planned", "张三", "", ""), make_ulid(kTime), 5));
  j = planned;
  j["data"]["plan"]["deadline"] = "31.12.2026";
  variant("hazard", j);
  j = planned;
  j["data"]["by"] = "";
  variant("hazard", j);
  j = planned;
  j["data"]["step"] = "deleted";
  variant("hazard", j);
  j = json::parse(enc.wrap("reply", reply_ok("r", "x", 1), make_ulid(kTime), 4, kTime));
  j["data"]["error"] = "both";
  variant("reply", j);
  sw::test::TempDir dir;
  const Run r = validate("--samples " + write_samples(dir, lines));
  INFO(r.output);
  CHECK(r.status == 0);
}

TEST_CASE("the examples in docs/messages.md validate against the schemas", "[schema]") {
  require_validator();
  const Run r = validate("--docs " + kSource + "/docs/messages.md");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("9 schemas used, 0 failures"));
}
