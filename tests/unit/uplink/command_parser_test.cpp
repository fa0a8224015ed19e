// SPDX-License-Identifier: Apache-2.0
// Downlink commands: whatever arrives, the parser answers a checked command or a reason.
#include <catch2/catch.hpp>

#include <random>

#include "uplink/command_parser.hpp"

using namespace sw;
using namespace sw::uplink;
using nlohmann::json;

namespace {

const CommandParser parser(CommandLimits{});

Command accepted(const std::string& payload) {
  auto r = parser.parse(payload);
  if (auto* rej = std::get_if<CommandRejection>(&r)) FAIL("rejected: " << rej->reason);
  return std::get<Command>(r);
}

CommandRejection rejected(const std::string& payload, const CommandParser& p = parser) {
  auto r = p.parse(payload);
  if (std::holds_alternative<Command>(r)) FAIL("accepted: " << payload);
  return std::get<CommandRejection>(r);
}

}  // namespace

TEST_CASE("the three commands are accepted with their arguments", "[commands]") {
  const Command ack =
      accepted(R"({"id":"r-1","cmd":"ack_alarm","args":{"alarm_id":"01JDX","by":"调度员张三"}})");
  CHECK(ack.id == "r-1");
  CHECK(ack.name == "ack_alarm");
  CHECK(ack.args == json{{"alarm_id", "01JDX"}, {"by", "调度员张三"}});

  CHECK(accepted(R"({"id":"r-2","cmd":"request_status"})").args == json::object());
  CHECK(accepted(R"({"id":"r-2","cmd":"request_status","args":{}})").name == "request_status");

  const Command resend = accepted(
      R"({"id":"r-3","cmd":"resend","args":{"from":"2026-11-29T01:00:00Z","to":1795917600000}})");
  CHECK(resend.args["from"] == 1795914000000);  // normalised to epoch milliseconds
  CHECK(resend.args["to"] == 1795917600000);
  CHECK(accepted(
            R"({"id":"r","cmd":"resend","args":{"from":"20261129010000","to":"20261129020000"}})")
            .args["to"] == 1795917600000);
}

TEST_CASE("garbage gets a reason but no answer, since it has no usable id", "[commands]") {
  for (const std::string bad : {"", "   ", "not json", "{", "}", "[1,2]", "42", "\"str\"", "null",
                                "{\"id\":", "\xff\xfe\x00", "{\"id\":\"a\",}"}) {
    const CommandRejection r = rejected(bad);
    CHECK_FALSE(r.id.has_value());
    CHECK_FALSE(r.reason.empty());
  }
  CHECK_THAT(rejected("[1,2]").reason, Catch::Contains("expected a JSON object, got array"));
  CHECK(rejected("not json").reason == "not JSON");
}

TEST_CASE("a command without a usable id is not answered", "[commands]") {
  CHECK(rejected(R"({"cmd":"request_status"})").reason == "missing 'id'");
  CHECK_FALSE(rejected(R"({"id":7,"cmd":"request_status"})").id);
  CHECK_FALSE(rejected(R"({"id":"","cmd":"request_status"})").id);
  CHECK_FALSE(rejected(R"({"id":"a\u0001b","cmd":"request_status"})").id);
  CHECK_FALSE(rejected(R"({"id":")" + std::string(129, 'x') + R"(","cmd":"request_status"})").id);
}

TEST_CASE("a payload over the size limit is refused unread", "[commands]") {
  CommandLimits limits;
  limits.max_bytes = 256;
  const CommandParser small(limits);
  const std::string huge =
      R"({"id":"r","cmd":"request_status","args":{},"pad":")" + std::string(1000, 'x') + "\"}";
  const CommandRejection r = rejected(huge, small);
  CHECK_FALSE(r.id);
  CHECK_THAT(r.reason, Catch::Contains("exceeds the limit of 256"));
  CHECK_THAT(rejected(std::string(10'000'000, '['), small).reason, Catch::Contains("exceeds"));
}

TEST_CASE("deep nesting is refused before parsing", "[commands]") {
  CommandLimits limits;
  limits.max_bytes = 1'000'000;
  const CommandParser p(limits);
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  CHECK_THAT(rejected(deep, p).reason, Catch::Contains("nesting deeper than 8"));
  const std::string deep_args = R"({"id":"r","cmd":"resend","args":{"from":)" +
                                std::string(20, '[') + std::string(20, ']') + "}}";
  CHECK_THAT(rejected(deep_args, p).reason, Catch::Contains("nesting"));
  // Brackets inside strings are text, not nesting.
  CHECK(json_nesting_depth(R"({"a":"[[[[[[[[[[[[[[[[\"[[["})", 8) == 1);
}

TEST_CASE("unknown fields, commands and arguments are refused with a reason and the id",
          "[commands]") {
  auto r = rejected(R"({"id":"r1","cmd":"request_status","extra":1})");
  CHECK(r.id == "r1");
  CHECK(r.reason == "unknown field 'extra'; allowed are id, cmd, args, time, sig");

  r = rejected(R"({"id":"r2","cmd":"reboot"})");
  CHECK(r.id == "r2");
  CHECK(r.reason ==
        "unknown cmd 'reboot'; known are ack_alarm, remove_from_service, return_to_service, "
        "request_status, resend, "
        "add_department_finding, set_supervised, request_report");

  r = rejected(R"({"id":"r3","cmd":"ack_alarm","args":{"alarm_id":"a","by":"b","force":true}})");
  CHECK(r.reason == "unknown argument 'force' for ack_alarm; allowed are alarm_id, by");
  CHECK(r.cmd == "ack_alarm");

  r = rejected(R"({"id":"r4","cmd":"request_status","args":{"x":1}})");
  CHECK(r.reason == "unknown argument 'x' for request_status; it takes none");

  r = rejected(R"({"id":"r5","cmd":"ack_alarm","args":{"alarm_id":"a"}})");
  CHECK(r.reason == "missing argument 'by' for ack_alarm");

  CHECK(rejected(R"({"id":"r6"})").reason == "missing 'cmd'");
}

TEST_CASE("wrong types are refused with a reason", "[commands]") {
  CHECK(rejected(R"({"id":"r","cmd":5})").reason == "'cmd': expected a string, got number");
  CHECK(rejected(R"({"id":"r","cmd":"request_status","args":[]})").reason ==
        "'args': expected an object, got array");
  CHECK(rejected(R"({"id":"r","cmd":"ack_alarm","args":{"alarm_id":1,"by":"b"}})").reason ==
        "args.alarm_id: expected a string, got number");
  CHECK(rejected(R"({"id":"r","cmd":"ack_alarm","args":{"alarm_id":"","by":"b"}})").reason ==
        "args.alarm_id: expected 1..64 bytes");
  CHECK_THAT(rejected(R"({"id":"r","cmd":"resend","args":{"from":true,"to":1}})").reason,
             Catch::StartsWith("args.from: expected a time"));
  CHECK_THAT(
      rejected(R"({"id":"r","cmd":"resend","args":{"from":"2026-02-30T00:00:00Z","to":1}})").reason,
      Catch::StartsWith("args.from: expected a time"));
  CHECK_THAT(rejected(R"({"id":"r","cmd":"resend","args":{"from":-5,"to":1}})").reason,
             Catch::StartsWith("args.from: expected a time"));
}

TEST_CASE("a resend range must run forward and be bounded", "[commands]") {
  CHECK(rejected(R"({"id":"r","cmd":"resend","args":{"from":2000,"to":1000}})").reason ==
        "args: 'to' must be after 'from'");
  CHECK(rejected(R"({"id":"r","cmd":"resend","args":{"from":0,"to":86400001}})").reason ==
        "args: the range exceeds the longest allowed (1d)");
  CHECK(accepted(R"({"id":"r","cmd":"resend","args":{"from":0,"to":86400000}})").name == "resend");
}

TEST_CASE("long text from the sender is shortened when echoed in a reason", "[commands]") {
  const std::string name(5000, 'c');
  const auto r = rejected(R"({"id":"r","cmd":")" + name + "\"}");
  CHECK(r.reason.size() < 200);
}

TEST_CASE("random bytes and mutated commands never crash the parser", "[commands]") {
  std::mt19937 rng(20261129);
  const std::string seed =
      R"({"id":"r-1","cmd":"resend","args":{"from":"2026-11-29T01:00:00Z","to":1795917600000}})";
  for (int i = 0; i < 20'000; ++i) {
    std::string s = seed;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng() % 256));
          break;
        case 1:
          if (at < s.size()) s.erase(at, 1);
          break;
        default:
          if (at < s.size()) s[at] = static_cast<char>(rng() % 256);
      }
    }
    CHECK_NOTHROW(parser.parse(s));
  }
}

TEST_CASE("the 隐患台账 commands: a department's finding, 挂牌督办 of a record, the month's report",
          "[commands]") {
  const json finding_args{{"category", "瓦斯超限作业"},
                          {"clause", "第五条(二)"},
                          {"description", "传感器距顶板超过300mm"},
                          {"by", "区应急局 王检查员"}};
  const Command finding = accepted(
      json{{"id", "r-10"}, {"cmd", "add_department_finding"}, {"args", finding_args}}.dump());
  CHECK(finding.name == "add_department_finding");
  CHECK(finding.args == finding_args);
  CHECK(accepted(R"({"id":"r-11","cmd":"set_supervised","args":{"hazard_id":7,"by":"王"}})")
            .args["hazard_id"] == 7);
  CHECK(accepted(R"({"id":"r-12","cmd":"request_report","args":{"month":"2026-11"}})")
            .args["month"] == "2026-11");

  CHECK_THAT(
      rejected(R"({"id":"r-13","cmd":"set_supervised","args":{"hazard_id":"7","by":"王"}})").reason,
      Catch::Contains("args.hazard_id: expected a whole number ≥ 1"));
  CHECK_THAT(
      rejected(R"({"id":"r-14","cmd":"set_supervised","args":{"hazard_id":0,"by":"王"}})").reason,
      Catch::Contains("args.hazard_id"));
  json missing = finding_args;
  missing.erase("description");
  CHECK_THAT(
      rejected(json{{"id", "r-15"}, {"cmd", "add_department_finding"}, {"args", missing}}.dump())
          .reason,
      Catch::Contains("missing argument 'description'"));
  CHECK_THAT(
      rejected(R"({"id":"r-16","cmd":"request_report","args":{"month":"2026-11-01"}})").reason,
      Catch::Contains("args.month: expected 1..7 bytes"));
}

TEST_CASE("out of service from the platform takes an alarm id and who, nothing else",
          "[commands]") {
  for (const std::string cmd : {"remove_from_service", "return_to_service"}) {
    const Command c =
        accepted(R"({"id":"s-1","cmd":")" + cmd + R"(","args":{"alarm_id":"01JDX","by":"li"}})");
    CHECK(c.name == cmd);
    CHECK(c.args == json{{"alarm_id", "01JDX"}, {"by", "li"}});
    rejected(R"({"id":"s-2","cmd":")" + cmd + R"(","args":{"alarm_id":"01JDX"}})");
    rejected(R"({"id":"s-3","cmd":")" + cmd +
             R"(","args":{"alarm_id":"01JDX","by":"li","until":"1h"}})");
  }
}
