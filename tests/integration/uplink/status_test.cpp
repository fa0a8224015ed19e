// SPDX-License-Identifier: Apache-2.0
// The retained status: birth with the session, and the Will when the gateway dies without a word.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "live_uplink.hpp"
#include "support/child_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using nlohmann::json;
using sw::test::CapturedMessage;
using sw::test::ChildProcess;
using sw::test::MosquittoBroker;
using sw::test::MqttCapture;
using sw::test::TempDir;
using sw::test::wait_until;

namespace {

constexpr const char* kChildTest = "uplink child: a gateway that runs until it is killed";

std::string this_program() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  REQUIRE(n > 0);
  return std::string(path, static_cast<std::size_t>(n));
}

auto status_is(const std::string& state, std::int64_t session, std::uint64_t connection) {
  return [=](const CapturedMessage& m) {
    const json j = m.json();
    return j.is_object() && j.value("kind", "") == "status" && j["data"]["state"] == state &&
           j["data"]["session"] == session && j["data"]["connection"] == connection;
  };
}

}  // namespace

// Run by the test below in a child process (hidden: never run on its own).
TEST_CASE("uplink child: a gateway that runs until it is killed", "[.][uplink_child]") {
  const char* port = std::getenv("SW_UPLINK_CHILD_PORT");
  const char* session = std::getenv("SW_UPLINK_CHILD_SESSION");
  REQUIRE(port != nullptr);
  REQUIRE(session != nullptr);
  store::MemoryOutbox outbox(1000);
  Uplink uplink(fast_settings(std::atoi(port)), test_identity(), MessageFormat{}, outbox,
                std::atoll(session), {});
  uplink.start();
  // Not a synchronisation: this process only waits here to be killed.
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

TEST_CASE("the Will says offline with the session when the gateway dies without disconnecting",
          "[status]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/status");
  TempDir dir;
  ChildProcess gateway(
      {this_program(), kChildTest}, dir.file("gateway.log"),
      {"SW_UPLINK_CHILD_PORT=" + std::to_string(broker.port()), "SW_UPLINK_CHILD_SESSION=31"});
  REQUIRE(platform.wait_for(status_is("online", 31, 1)));

  // A platform that subscribes later gets the birth as the retained status.
  {
    MqttCapture late(broker.uri(), "sw/E1001/gw-7/status");
    const auto retained = late.wait_for(status_is("online", 31, 1));
    REQUIRE(retained);
    CHECK(retained->retained);
    CHECK(retained->json()["data"]["reason"] == "birth");
  }

  gateway.kill_hard();  // kill -9: no DISCONNECT, no goodbye
  const auto will = platform.wait_for(status_is("offline", 31, 1));
  REQUIRE(will);
  CHECK(will->json()["data"]["reason"] == "connection_lost");

  // And the Will is what a newcomer now sees.
  MqttCapture late(broker.uri(), "sw/E1001/gw-7/status");
  const auto retained = late.wait_for(status_is("offline", 31, 1));
  REQUIRE(retained);
  CHECK(retained->retained);
}

TEST_CASE("a clean stop leaves a retained offline status, a restart is a newer session",
          "[status]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/status");
  store::MemoryOutbox outbox(1000);
  {
    Uplink uplink(fast_settings(broker.port()), test_identity(), MessageFormat{}, outbox, 8, {});
    uplink.start();
    REQUIRE(platform.wait_for(status_is("online", 8, 1)));
    uplink.stop();
  }
  const auto goodbye = platform.wait_for(status_is("offline", 8, 1));
  REQUIRE(goodbye);
  CHECK(goodbye->json()["data"]["reason"] == "shutdown");

  Uplink again(fast_settings(broker.port()), test_identity(), MessageFormat{}, outbox, 9, {});
  again.start();
  REQUIRE(platform.wait_for(status_is("online", 9, 1)));
}

TEST_CASE("the heartbeat carries the health the daemon reports", "[status]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/status");
  store::MemoryOutbox outbox(1000);
  MqttSettings s = fast_settings(broker.port());
  s.heartbeat = Millis{1000};
  UplinkHooks hooks;
  hooks.health = [] {
    return json{
        {"uptime_s", 3600}, {"devices_online", 12}, {"outbox_depth", 0}, {"last_error", ""}};
  };
  Uplink uplink(s, test_identity(), MessageFormat{}, outbox, 10, {}, hooks);
  uplink.start();
  const auto beat = platform.wait_for([](const CapturedMessage& m) {
    const json j = m.json();
    return j.is_object() && j["data"].value("reason", "") == "heartbeat";
  });
  REQUIRE(beat);
  const json d = beat->json()["data"];
  CHECK(d["state"] == "online");
  CHECK(d["session"] == 10);
  CHECK(d["health"]["devices_online"] == 12);
  CHECK(d["health"]["uplink"]["reconnects"] == 0);
}
