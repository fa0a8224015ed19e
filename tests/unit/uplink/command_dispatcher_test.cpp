// SPDX-License-Identifier: Apache-2.0
// The daemon's handlers behind …/cmd, and the answers on …/reply.
#include <catch2/catch.hpp>

#include <mutex>

#include "support/wait_until.hpp"
#include "uplink/command_dispatcher.hpp"

using namespace sw;
using namespace sw::uplink;
using nlohmann::json;

namespace {

CommandTable handlers() {
  return {
      {"ack_alarm",
       [](const json& args) -> json {
         if (args["alarm_id"] != "A1")
           throw CommandError("no active alarm " + args["alarm_id"].get<std::string>());
         return {{"acknowledged", true}, {"by", args["by"]}};
       }},
      {"request_status", [](const json&) -> json { throw std::runtime_error("store locked"); }},
  };
}

}  // namespace

TEST_CASE("a command runs its handler and is answered with the result", "[dispatcher]") {
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(), [](json) {}, "gw");
  const auto reply =
      d.handle(R"({"id":"r1","cmd":"ack_alarm","args":{"alarm_id":"A1","by":"li"}})");
  REQUIRE(reply);
  CHECK(*reply == json{{"request_id", "r1"},
                       {"cmd", "ack_alarm"},
                       {"ok", true},
                       {"result", {{"acknowledged", true}, {"by", "li"}}}});
  CHECK(d.stats().answered_ok == 1);
}

TEST_CASE("a handler's refusal is answered with its reason", "[dispatcher]") {
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(), [](json) {}, "gw");
  const auto reply =
      d.handle(R"({"id":"r2","cmd":"ack_alarm","args":{"alarm_id":"B7","by":"li"}})");
  REQUIRE(reply);
  CHECK((*reply)["ok"] == false);
  CHECK((*reply)["error"] == "no active alarm B7");
}

TEST_CASE("a failing handler is answered and never ends the dispatcher", "[dispatcher]") {
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(), [](json) {}, "gw");
  const auto reply = d.handle(R"({"id":"r3","cmd":"request_status"})");
  REQUIRE(reply);
  CHECK((*reply)["error"] == "internal error: store locked");
}

TEST_CASE("a command without a handler is answered as not supported", "[dispatcher]") {
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(), [](json) {}, "gw");
  const auto reply = d.handle(R"({"id":"r4","cmd":"resend","args":{"from":0,"to":1000}})");
  REQUIRE(reply);
  CHECK((*reply)["error"] == "'resend' is not supported by this gateway");
}

TEST_CASE("a malformed command is answered when it has an id, else dropped", "[dispatcher]") {
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(), [](json) {}, "gw");
  const auto answered = d.handle(R"({"id":"r5","cmd":"ack_alarm","args":{"alarm_id":5,"by":"x"}})");
  REQUIRE(answered);
  CHECK((*answered)["request_id"] == "r5");
  CHECK((*answered)["ok"] == false);
  CHECK((*answered)["error"] == "args.alarm_id: expected a string, got number");
  CHECK_FALSE(d.handle("{{{{"));
  CHECK(d.stats().dropped == 1);
  CHECK(d.stats().answered_error == 1);
}

TEST_CASE("commands submitted from another thread are answered in order", "[dispatcher]") {
  std::mutex m;
  std::vector<json> replies;
  CommandDispatcher d(
      CommandParser(CommandLimits{}), handlers(),
      [&](json body) {
        std::lock_guard lock(m);
        replies.push_back(std::move(body));
      },
      "gw");
  d.start();
  for (int i = 0; i < 10; ++i)
    CHECK(d.submit(R"({"id":"q)" + std::to_string(i) +
                   R"(","cmd":"ack_alarm","args":{"alarm_id":"A1","by":"li"}})"));
  REQUIRE(sw::test::wait_until([&] {
    std::lock_guard lock(m);
    return replies.size() == 10;
  }));
  d.stop();
  std::lock_guard lock(m);
  for (int i = 0; i < 10; ++i)
    CHECK(replies[static_cast<std::size_t>(i)]["request_id"] == "q" + std::to_string(i));
  CHECK(d.stats().received == 10);
}
