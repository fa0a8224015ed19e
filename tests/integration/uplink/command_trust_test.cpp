// SPDX-License-Identifier: Apache-2.0
// Issue 19, items 3 and 5, over a real mosquitto: the broker letting a command through is not the
// platform sending it. An anonymous client's unsigned ack, a retained resend that would run again
// at every reconnect, a replayed command, and an oversized publish are each the attack, refused.
#include <catch2/catch.hpp>

#include <atomic>

#include "core/hmac_sha256.hpp"
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

namespace {

const std::string kKey = "9b2e4d6f8a0c1e3a5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e";

std::string error_of(const MqttCapture& platform, const std::string& request_id) {
  const auto reply = platform.wait_for(reply_to(request_id));
  REQUIRE(reply);
  return reply->json()["data"].value("error", std::string());
}

// As the platform signs (docs/messages.md "Signed commands").
std::string signed_ack(const std::string& id, const std::string& key) {
  const json args = {{"alarm_id", "01JDX"}, {"by", "li"}};
  const std::int64_t now = to_epoch_ms(WallClock::now());
  return json{{"id", id},
              {"cmd", "ack_alarm"},
              {"args", args},
              {"time", now},
              {"sig", hmac_sha256_hex(key, signed_text(id, now, "ack_alarm", args))}}
      .dump();
}

}  // namespace

TEST_CASE("with a command key, an anonymous unsigned ack is refused and a signed one runs once",
          "[commands]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/reply");
  store::MemoryOutbox outbox(1000);
  std::atomic<int> acks{0};
  CommandTable commands{{"ack_alarm", [&](const json&) -> json { return ++acks; }}};
  MqttSettings s = fast_settings(broker.port());
  s.commands.key = kKey;
  Uplink uplink(s, test_identity(), MessageFormat{}, outbox, 7, commands);
  uplink.start();
  REQUIRE(wait_until([&] { return uplink.state().commands_subscribed; }));
  const std::string cmd = uplink.topics().cmd();

  // The attack as found: mosquitto_pub of an ack for a live major hazard.
  platform.publish(cmd, R"({"id":"m1","cmd":"ack_alarm","args":{"alarm_id":"01JDX","by":"x"}})");
  CHECK_THAT(error_of(platform, "m1"), Catch::StartsWith("'ack_alarm' must be signed"));
  platform.publish(cmd, signed_ack("m2", std::string(64, '0')));
  CHECK(error_of(platform, "m2") == "bad signature");

  const std::string good = signed_ack("p1", kKey);
  platform.publish(cmd, good);
  CHECK(error_of(platform, "p1").empty());
  // Captured and replayed within the time window: refused by its id.
  platform.publish(cmd, good);
  REQUIRE(wait_until([&] { return uplink.command_stats().answered_error == 3; }));
  CHECK(acks == 1);
}

TEST_CASE("a retained resend is refused, and again after a restart, never run", "[commands]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/reply");
  store::MemoryOutbox outbox(1000);
  std::atomic<int> resends{0};
  CommandTable commands{{"resend", [&](const json&) -> json { return ++resends; }}};
  const MqttSettings s = fast_settings(broker.port());
  const std::string cmd = Topics(s.topic_prefix, "E1001", "gw-7").cmd();
  platform.publish(cmd, R"({"id":"r1","cmd":"resend","args":{"from":0,"to":60000}})",
                   /*retained=*/true);
  // The refusals that reached the platform.
  const auto refusals = [&] {
    std::size_t n = 0;
    for (const auto& m : platform.messages())
      if (reply_to("r1")(m))
        n += m.json()["data"]["error"].get<std::string>().find("retained") != std::string::npos;
    return n;
  };
  for (int run = 1; run <= 2; ++run) {
    Uplink uplink(s, test_identity(), MessageFormat{}, outbox, run, commands);
    uplink.start();
    REQUIRE(wait_until([&] { return uplink.command_stats().answered_error == 1; }));
    // Its reply delivered before the uplink stops (a reply still queued at stop is not kept).
    CHECK(wait_until([&] { return refusals() >= static_cast<std::size_t>(run); }));
    uplink.stop();
  }
  CHECK(refusals() == 2);
  CHECK(resends == 0);
}

TEST_CASE("over MQTT 5 the broker keeps an oversized command from reaching the gateway",
          "[commands]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/reply");
  store::MemoryOutbox outbox(1000);
  CommandTable commands{{"request_status", [](const json&) -> json { return 1; }}};
  MqttSettings s = fast_settings(broker.port());
  s.version = 5;
  s.max_command_bytes = 1024;
  Uplink uplink(s, test_identity(), MessageFormat{}, outbox, 7, commands);
  uplink.start();
  REQUIRE(wait_until([&] { return uplink.state().commands_subscribed; }));
  const std::string cmd = uplink.topics().cmd();
  platform.publish(
      cmd, R"({"id":"big","cmd":"request_status","pad":")" + std::string(1'000'000, 'x') + "\"}");
  platform.publish(cmd, R"({"id":"small","cmd":"request_status"})");
  REQUIRE(platform.wait_for(reply_to("small")));
  // Maximum Packet Size: the megabyte never crossed the socket, so it was never received.
  CHECK(uplink.command_stats().received == 1);
  CHECK(uplink.command_stats().oversized == 0);
}
