// SPDX-License-Identifier: Apache-2.0
// A topic the broker's ACL denies, against a real mosquitto: on MQTT 5 the broker answers each
// publish with PUBACK 0x87 (not authorized). The refused messages are set aside as dead letters at
// once (the reason judges the message, not the moment); everything else keeps flowing; put back
// once the ACL is mended, they arrive. (Paho C 1.3.12 drops the connection after a refused publish:
// each refusal costs a reconnect, which is why a message refused every time must not stay first in
// its lane.)
#include <catch2/catch.hpp>

#include <fstream>

#include "live_uplink.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using sw::test::BrokerOptions;
using sw::test::MosquittoBroker;
using sw::test::MqttCapture;
using sw::test::TempDir;
using sw::test::wait_until;

namespace {

// Anonymous clients may do anything but publish on `denied`. Denials are checked first.
BrokerOptions acl_denying(const TempDir& dir, const std::string& denied) {
  const std::string path = dir.file("acl");
  std::ofstream(path) << "topic readwrite #\ntopic deny " << denied << "\n";
  BrokerOptions options;
  options.extra_config = "acl_file " + path + "\n";
  return options;
}

}  // namespace

TEMPLATE_TEST_CASE(
    "alarms on a topic the broker denies are set aside as dead letters while "
    "telemetry flows, and arrive once put back",
    "[refusal][dead-letters]", MemoryBacked, SqliteBacked) {
  INFO(TestType::name << " outbox");
  TempDir dir;
  const Topics topics = test_topics();
  MosquittoBroker broker(std::nullopt, 0, acl_denying(dir, topics.alarm()));
  MqttCapture platform(broker.uri(), "sw/E1001/gw-7/+");
  TestType store;
  const MessageEncoder encoder(test_identity(), MessageFormat{});
  add_messages(store.writer(), encoder, topics, store::Lane::alarm, 1, 2);
  add_messages(store.writer(), encoder, topics, store::Lane::telemetry, 3, 20);

  MqttSettings settings = fast_settings(broker.port());
  settings.version = 5;  // on 3.1.1 mosquitto acknowledges a denied publish and drops it
  Uplink uplink(settings, test_identity(), MessageFormat{}, store.reader(), 7, {});
  uplink.start();

  const bool set_aside = wait_until([&] { return store.reader().stats().dead_letters == 2; },
                                    std::chrono::seconds(90));
  INFO(broker.log());
  REQUIRE(set_aside);
  REQUIRE(wait_until([&] { return received(platform, "telemetry").size() == 20; }));
  REQUIRE(wait_until([&] { return store.reader().stats().depth == 0; }));
  CHECK(received(platform, "alarm").empty());
  const UplinkState st = uplink.state();
  CHECK(st.set_aside == 2);
  CHECK(st.refused == 2);  // 0x87 judges the message: set aside at the first refusal
  const auto dead = store.reader().dead_letters(10);
  REQUIRE(dead.size() == 2);
  CHECK(dead[0].message.seq == 1);
  CHECK_THAT(dead[0].reason, Catch::Contains("135"));

  // The ACL mended (the broker restarted with it), the dead letters put back: they arrive.
  std::ofstream(dir.file("acl")) << "topic readwrite #\n";
  const std::uint64_t before = uplink.state().connection;
  broker.restart();
  REQUIRE(wait_until([&] { return uplink.state().connection > before && uplink.state().connected; },
                     std::chrono::seconds(20)));
  MqttCapture mended(broker.uri(), "sw/E1001/gw-7/+");
  CHECK(store.writer().requeue_dead_letters() == 2);
  uplink.notify();
  REQUIRE(
      wait_until([&] { return received(mended, "alarm").size() == 2; }, std::chrono::seconds(20)));
  CHECK(seqs(received(mended, "alarm")) == seq_range(1, 2));
  CHECK(received(mended, "alarm")[0]["resent"] == true);
  REQUIRE(wait_until([&] { return store.reader().stats().depth == 0; }));
  CHECK(store.reader().stats().dead_letters == 0);
}
