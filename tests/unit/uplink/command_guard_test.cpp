// SPDX-License-Identifier: Apache-2.0
// Issue 19, item 3: a command is trusted because the platform signed it and sent it once, not
// because the broker let it through. Each case is the attack, refused.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "core/hmac_sha256.hpp"
#include "uplink/command_dispatcher.hpp"
#include "uplink/command_guard.hpp"

using namespace sw;
using namespace sw::uplink;
using nlohmann::json;

namespace {

const std::string kKey(32, 'k');
constexpr std::int64_t kNowMs = 1'764'982'800'000;  // 2025-12-06T01:00:00Z

CommandAuthSettings keyed() {
  CommandAuthSettings auth;
  auth.key = kKey;
  auth.max_skew = Millis{300'000};
  return auth;
}

WallTime fixed_now() {
  return from_epoch_ms(kNowMs);
}

// A dispatcher with a key, its clock at kNowMs, and a handler that counts what ran.
struct Rig {
  int ran = 0;
  CommandDispatcher dispatcher{CommandParser(CommandLimits{}),
                               {{"ack_alarm", [this](const json&) -> json { return ++ran; }},
                                {"resend", [this](const json&) -> json { return ++ran; }},
                                {"request_status", [this](const json&) -> json { return ++ran; }}},
                               [](json) {},
                               "gw",
                               keyed()};
};

std::string signed_command(const std::string& id, const std::string& cmd, const json& args,
                           std::int64_t time_ms, const std::string& key = kKey) {
  const std::string sig = hmac_sha256_hex(key, signed_text(id, time_ms, cmd, args));
  return json{{"id", id}, {"cmd", cmd}, {"args", args}, {"time", time_ms}, {"sig", sig}}.dump();
}

std::string error_of(const std::optional<json>& reply) {
  REQUIRE(reply);
  return reply->value("error", std::string());
}

}  // namespace

TEST_CASE("the worked example in docs/messages.md signs as the platform's Python does", "[guard]") {
  // Computed with Python's hmac module (docs/messages.md, "Signed commands").
  const std::string key = "4f1c9a7e0b2d5c8e3a6f9b1d4e7a0c3f5b8d1e4a7c0f3b6d9e2a5c8f1b4d7e0a";
  const json args =
      json::parse(R"({"by":"dispatcher-li","alarm_id":"01JE5XQ3N8F2H6K9M1P4R7T0V3"})");
  const std::string text =
      signed_text("01JE5Y8M7Q2V9R3K6T1W4X8Z0B", 1764982800000, "ack_alarm", args);
  CHECK(text ==
        "01JE5Y8M7Q2V9R3K6T1W4X8Z0B\n1764982800000\nack_alarm\n"
        R"({"alarm_id":"01JE5XQ3N8F2H6K9M1P4R7T0V3","by":"dispatcher-li"})");
  CHECK(hmac_sha256_hex(key, text) ==
        "0f90ca4c410ece47af87d4abf738736fd09aa9b78312117fe9143eca84be6daf");
}

TEST_CASE("with a key, an unsigned ack_alarm or resend from any broker client is refused",
          "[guard]") {
  CommandGuard guard(keyed(), fixed_now);
  CommandParser parser{CommandLimits{}};
  const auto ack = std::get<Command>(
      parser.parse(R"({"id":"a1","cmd":"ack_alarm","args":{"alarm_id":"X","by":"mallory"}})"));
  CHECK_THAT(guard.refusal(ack).value_or(""), Catch::StartsWith("'ack_alarm' must be signed"));
  const auto resend =
      std::get<Command>(parser.parse(R"({"id":"a2","cmd":"resend","args":{"from":0,"to":1}})"));
  CHECK(guard.refusal(resend).has_value());
  // Taking an alarm out of service hides it: as much a change as acknowledging it.
  const auto out_of_service = std::get<Command>(parser.parse(
      R"({"id":"a4","cmd":"remove_from_service","args":{"alarm_id":"X","by":"mallory"}})"));
  CHECK(guard.refusal(out_of_service).has_value());
  // A read costs nothing and changes nothing: unsigned is fine.
  const auto status = std::get<Command>(parser.parse(R"({"id":"a3","cmd":"request_status"})"));
  CHECK_FALSE(guard.refusal(status).has_value());
}

TEST_CASE("a signed command runs once, and a wrong key, a changed body or an old time is refused",
          "[guard]") {
  Rig rig;  // the dispatcher's guard reads the real clock
  auto& d = rig.dispatcher;
  const std::int64_t now = to_epoch_ms(WallClock::now());
  const json args = {{"alarm_id", "A1"}, {"by", "li"}};
  CHECK(d.handle(signed_command("s1", "ack_alarm", args, now)).value()["ok"] == true);
  CHECK(rig.ran == 1);

  SECTION("the same id again (a replay, or the broker redelivering)") {
    CHECK_THAT(error_of(d.handle(signed_command("s1", "ack_alarm", args, now))),
               Catch::Contains("was received before"));
  }
  SECTION("a wrong key") {
    CHECK(error_of(d.handle(signed_command("s2", "ack_alarm", args, now, std::string(32, 'x')))) ==
          "bad signature");
  }
  SECTION("a body changed after signing") {
    auto text = signed_command("s3", "ack_alarm", args, now);
    text.replace(text.find("\"li\""), 4, "\"lu\"");
    CHECK(error_of(d.handle(text)) == "bad signature");
  }
  SECTION("signed outside the time window, either way") {
    CHECK_THAT(error_of(d.handle(signed_command("s4", "ack_alarm", args, now - 301'000))),
               Catch::Contains("away from the gateway's clock"));
    CHECK_THAT(error_of(d.handle(signed_command("s5", "ack_alarm", args, now + 301'000))),
               Catch::Contains("away from the gateway's clock"));
  }
  CHECK(rig.ran == 1);
}

TEST_CASE("without a key, a repeated command id is still refused", "[guard]") {
  int ran = 0;
  CommandDispatcher d(
      CommandParser(CommandLimits{}),
      {{"request_status", [&](const json&) -> json { return ++ran; }}}, [](json) {}, "gw");
  CHECK(d.handle(R"({"id":"r1","cmd":"request_status"})").value()["ok"] == true);
  CHECK_THAT(error_of(d.handle(R"({"id":"r1","cmd":"request_status"})")),
             Catch::Contains("was received before"));
  CHECK(ran == 1);
}

TEST_CASE("a retained command is refused and its handler never runs", "[guard]") {
  int ran = 0;
  CommandDispatcher d(
      CommandParser(CommandLimits{}), {{"resend", [&](const json&) -> json { return ++ran; }}},
      [](json) {}, "gw");
  CHECK_THAT(error_of(d.handle(R"({"id":"r1","cmd":"resend","args":{"from":0,"to":1000}})",
                               /*retained=*/true)),
             Catch::Contains("retained command is refused"));
  CHECK(ran == 0);
}

TEST_CASE("an oversized command is refused on arrival, before it is copied or queued", "[guard]") {
  CommandLimits limits;
  limits.max_bytes = 1024;
  CommandDispatcher d(
      CommandParser(limits), {}, [](json) {}, "gw");
  const std::string big(100'000, 'x');
  CHECK_FALSE(d.submit(big));
  CHECK(d.stats().oversized == 1);
  CHECK(d.stats().received == 1);
}

TEST_CASE("'time' and 'sig' are checked as strictly as the rest of a command", "[guard]") {
  CommandParser parser{CommandLimits{}};
  const auto reason = [&](const std::string& text) {
    auto parsed = parser.parse(text);
    const auto* r = std::get_if<CommandRejection>(&parsed);
    return r == nullptr ? std::string() : r->reason;
  };
  CHECK(reason(R"({"id":"x","cmd":"request_status","time":1})") ==
        "'time' and 'sig' come together: a signed command carries both");
  CHECK(reason(R"({"id":"x","cmd":"request_status","time":1,"sig":"AB"})") ==
        "'sig': expected 64 lowercase hex digits (HMAC-SHA256)");
  CHECK(reason(R"({"id":"x","cmd":"request_status","time":"soon","sig":"ab"})") ==
        "'time': expected epoch milliseconds (a whole number)");
}

TEST_CASE("a command's text reaches the log escaped: no forged line, no terminal escape",
          "[guard]") {
  auto stream = std::make_shared<std::ostringstream>();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream);
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  CommandDispatcher d(
      CommandParser(CommandLimits{}), {}, [](json) {}, "gw");
  (void)d.handle(
      "{\"id\":\"x1\",\"cmd\":\"request_status\",\"\\n2026-12-07 [info] "
      "[mqtt] ack by chief\\u001b[2J\":1}");
  (void)d.handle("\x1b[31m not json\n[info] forged");
  spdlog::set_default_logger(previous);
  const std::string log = stream->str();
  INFO(log);
  CHECK(log.find('\x1b') == std::string::npos);
  CHECK(log.find("\n2026-12-07 [info]") == std::string::npos);
  CHECK(log.find("\n[info] forged") == std::string::npos);
  CHECK(log.find("\\n2026-12-07 [info]") != std::string::npos);
}

TEST_CASE("with a command key, the 隐患台账's changes must be signed, the report need not be",
          "[commands]") {
  CHECK(CommandGuard::needs_signature("add_department_finding"));
  CHECK(CommandGuard::needs_signature("set_supervised"));
  CHECK_FALSE(CommandGuard::needs_signature("request_report"));
}
