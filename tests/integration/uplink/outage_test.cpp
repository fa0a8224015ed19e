// SPDX-License-Identifier: Apache-2.0
// The broker goes away for a while: nothing is lost, order is kept, what waited is marked resent.
#include <catch2/catch.hpp>

#include "live_uplink.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using sw::test::MosquittoBroker;
using sw::test::MqttCapture;
using sw::test::wait_until;

TEMPLATE_TEST_CASE("after a broker outage everything arrives in order, the waiting ones resent",
                   "[outage]", MemoryBacked, SqliteBacked) {
  INFO(TestType::name << " outbox");
  // The platform keeps its session across the broker's restart, so it misses nothing either.
  MosquittoBroker broker(std::nullopt, 0, sw::test::BrokerOptions{true, false, ""});
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/+", {"platform", true, true});
  TestType store;
  const MessageEncoder encoder(test_identity(), MessageFormat{});
  const Topics topics = test_topics();
  Uplink uplink(fast_settings(broker.port()), test_identity(), MessageFormat{}, store.reader(), 7,
                {});
  uplink.start();
  REQUIRE(wait_until([&] { return uplink.state().connected; }));

  // Before the outage: sent live.
  add_messages(store.writer(), encoder, topics, store::Lane::alarm, 1, 50);
  add_messages(store.writer(), encoder, topics, store::Lane::telemetry, 1001, 50);
  uplink.notify();
  REQUIRE(wait_until([&] { return received(platform, "telemetry").size() == 50; }));

  broker.stop();
  REQUIRE(wait_until([&] { return !uplink.state().connected; }));
  CHECK_FALSE(uplink.state().last_error.empty());

  // During the outage: they wait in the outbox.
  add_messages(store.writer(), encoder, topics, store::Lane::alarm, 51, 30);
  add_messages(store.writer(), encoder, topics, store::Lane::telemetry, 1051, 30);
  uplink.notify();
  CHECK(store.writer().stats().depth >= 60);
  // The publisher keeps trying meanwhile, with backoff.
  REQUIRE(wait_until([&] { return uplink.state().connect_attempts >= 3; }));

  broker.restart();
  REQUIRE(wait_until([&] { return received(platform, "alarm").size() == 80; },
                     std::chrono::seconds(30)));
  REQUIRE(wait_until([&] { return received(platform, "telemetry").size() == 80; }));
  REQUIRE(wait_until([&] { return store.reader().stats().depth == 0; }));

  const auto alarms = received(platform, "alarm");
  const auto telemetry = received(platform, "telemetry");
  CHECK(seqs(alarms) == seq_range(1, 80));
  CHECK(seqs(telemetry) == seq_range(1001, 80));
  for (const auto& j : alarms) CHECK(j["resent"] == (j["seq"].get<std::int64_t>() > 50));
  for (const auto& j : telemetry) CHECK(j["resent"] == (j["seq"].get<std::int64_t>() > 1050));
  const UplinkState st = uplink.state();
  CHECK(st.connected);
  CHECK(st.reconnects == 1);
  CHECK(st.connection == 2);
  CHECK(st.resent >= 60);
}
