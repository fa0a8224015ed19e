// SPDX-License-Identifier: Apache-2.0
// The outbox drained to a real mosquitto: in order, and emptied only as PUBACKs arrive.
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

TEMPLATE_TEST_CASE("messages in the outbox reach the platform in order and leave the outbox",
                   "[drain]", MemoryBacked, SqliteBacked) {
  const int version = GENERATE(4, 5);
  INFO(TestType::name << " outbox, MQTT version " << version);
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/+");
  TestType store;
  const MessageEncoder encoder(test_identity(), MessageFormat{});
  const Topics topics = test_topics();
  add_messages(store.writer(), encoder, topics, store::Lane::telemetry, 1, 300);
  add_messages(store.writer(), encoder, topics, store::Lane::alarm, 1001, 20);

  MqttSettings settings = fast_settings(broker.port());
  settings.version = version;
  Uplink uplink(settings, test_identity(), MessageFormat{}, store.reader(), 7, {});
  uplink.start();

  REQUIRE(wait_until([&] { return received(platform, "telemetry").size() == 300; },
                     std::chrono::seconds(30)));
  REQUIRE(wait_until([&] { return store.reader().stats().depth == 0; }));
  CHECK(seqs(received(platform, "alarm")) == seq_range(1001, 20));
  CHECK(seqs(received(platform, "telemetry")) == seq_range(1, 300));
  const UplinkState st = uplink.state();
  CHECK(st.connected);
  CHECK(st.acknowledged == 320);
  CHECK(st.in_flight == 0);
  CHECK(st.broker == broker.uri());
}

TEST_CASE("a message stays in the outbox until the broker's PUBACK arrives", "[drain]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/+");
  store::MemoryOutbox outbox(10'000);
  MqttSettings settings = fast_settings(broker.port());
  settings.max_inflight = 10;
  settings.keepalive =
      Millis{20'000};  // the broker is frozen below: no keep-alive timeout meanwhile
  Uplink uplink(settings, test_identity(), MessageFormat{}, outbox, 7, {});
  uplink.start();
  REQUIRE(wait_until([&] { return uplink.state().connected; }));

  broker.pause();  // connected, reading nothing, acknowledging nothing
  add_messages(outbox, MessageEncoder(test_identity(), MessageFormat{}), test_topics(),
               store::Lane::alarm, 1, 100);
  uplink.notify();
  REQUIRE(wait_until([&] { return uplink.state().in_flight == 10; }));
  // Sent is not delivered: the window is full and nothing left the outbox.
  CHECK_FALSE(
      wait_until([&] { return outbox.stats().depth < 100; }, std::chrono::milliseconds(500)));
  CHECK(uplink.state().published == 10);
  CHECK(uplink.state().acknowledged == 0);

  broker.resume();
  REQUIRE(wait_until([&] { return outbox.stats().depth == 0; }));
  REQUIRE(wait_until([&] { return received(platform, "alarm").size() == 100; }));
  CHECK(seqs(received(platform, "alarm")) == seq_range(1, 100));
  CHECK(uplink.state().acknowledged == 100);
}

TEST_CASE("alarms leave before telemetry when both wait", "[drain][priority]") {
  MosquittoBroker broker;
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/+");
  store::MemoryOutbox outbox(10'000);
  const MessageEncoder encoder(test_identity(), MessageFormat{});
  const Topics topics = test_topics();
  // Telemetry waited longer; the alarms and events came last.
  add_messages(outbox, encoder, topics, store::Lane::telemetry, 1, 500);
  add_messages(outbox, encoder, topics, store::Lane::event, 2001, 5);
  add_messages(outbox, encoder, topics, store::Lane::alarm, 1001, 5);
  Uplink uplink(fast_settings(broker.port()), test_identity(), MessageFormat{}, outbox, 7, {});
  uplink.start();
  REQUIRE(wait_until([&] { return received(platform, "telemetry").size() == 500; },
                     std::chrono::seconds(30)));
  std::vector<std::string> first_kinds;
  for (const auto& m : platform.messages()) {
    const auto j = m.json();
    const std::string kind = j.value("kind", "");
    if (kind == "alarm" || kind == "event" || kind == "telemetry") first_kinds.push_back(kind);
    if (first_kinds.size() == 11) break;
  }
  CHECK(first_kinds == std::vector<std::string>{"alarm", "alarm", "alarm", "alarm", "alarm",
                                                "event", "event", "event", "event", "event",
                                                "telemetry"});
}
