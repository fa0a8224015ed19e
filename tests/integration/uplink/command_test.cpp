// SPDX-License-Identifier: Apache-2.0
// Downlink commands over a real broker: answered on …/reply, malformed ones with a reason.
#include <catch2/catch.hpp>

#include "live_uplink.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using nlohmann::json;
using sw::test::MosquittoBroker;
using sw::test::MqttCapture;
using sw::test::wait_until;

TEST_CASE("a command is answered on …/reply, a malformed one with the reason", "[commands]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/reply");
  store::MemoryOutbox outbox(1000);
  std::atomic<int> acks{0};
  CommandTable commands{
      {"ack_alarm",
       [&](const json& args) -> json {
         if (args["alarm_id"] != "01JDX")
           throw CommandError("no active alarm " + args["alarm_id"].get<std::string>());
         ++acks;
         return {{"acknowledged", args["alarm_id"]}, {"by", args["by"]}};
       }},
      {"request_status",
       [](const json&) -> json {
         return {{"points", 12}};
       }},
  };
  MqttSettings s = fast_settings(broker.port());
  s.max_command_bytes = 1024;
  Uplink uplink(s, test_identity(), MessageFormat{}, outbox, 7, commands);
  uplink.start();
  REQUIRE(wait_until([&] { return uplink.state().commands_subscribed; }));
  const std::string cmd = uplink.topics().cmd();

  platform.publish(cmd,
                   R"({"id":"r1","cmd":"ack_alarm","args":{"alarm_id":"01JDX","by":"调度员"}})");
  const auto ok = platform.wait_for(reply_to("r1"));
  REQUIRE(ok);
  CHECK_FALSE(ok->retained);
  const json d = ok->json()["data"];
  CHECK(d["ok"] == true);
  CHECK(d["cmd"] == "ack_alarm");
  CHECK(d["result"]["by"] == "调度员");
  CHECK(acks == 1);

  platform.publish(cmd, R"({"id":"r2","cmd":"ack_alarm","args":{"alarm_id":"01JDX","by":5}})");
  const auto bad_type = platform.wait_for(reply_to("r2"));
  REQUIRE(bad_type);
  CHECK(bad_type->json()["data"]["ok"] == false);
  CHECK(bad_type->json()["data"]["error"] == "args.by: expected a string, got number");

  platform.publish(cmd, R"({"id":"r3","cmd":"reboot"})");
  const auto unknown = platform.wait_for(reply_to("r3"));
  REQUIRE(unknown);
  CHECK_THAT(unknown->json()["data"]["error"].get<std::string>(),
             Catch::StartsWith("unknown cmd 'reboot'"));

  platform.publish(cmd, R"({"id":"r4","cmd":"ack_alarm","args":{"alarm_id":"NOPE","by":"li"}})");
  const auto refused = platform.wait_for(reply_to("r4"));
  REQUIRE(refused);
  CHECK(refused->json()["data"]["error"] == "no active alarm NOPE");

  // Garbage, an oversized command and one without an id get no answer; the next one does.
  platform.publish(cmd, "\x01\x02 not json at all");
  platform.publish(cmd, R"({"id":"r5","cmd":"request_status","args":{},"pad":")" +
                            std::string(2000, 'x') + "\"}");
  platform.publish(cmd, R"({"cmd":"request_status"})");
  platform.publish(cmd, R"({"id":"r6","cmd":"request_status"})");
  const auto last = platform.wait_for(reply_to("r6"));
  REQUIRE(last);
  CHECK(last->json()["data"]["result"]["points"] == 12);
  CHECK_FALSE(platform.wait_for(reply_to("r5"), std::chrono::milliseconds(100)));
  std::size_t replies = 0;
  for (const auto& m : platform.messages()) replies += m.json().value("kind", "") == "reply";
  CHECK(replies == 5);
  const CommandStats stats = uplink.command_stats();
  CHECK(stats.received == 8);
  CHECK(stats.dropped == 2);
  CHECK(stats.oversized == 1);  // refused on arrival, not copied
  CHECK(stats.answered_ok == 2);
  CHECK(stats.answered_error == 3);
  CHECK(uplink.state().connected);  // the gateway is still there
}
