// SPDX-License-Identifier: Apache-2.0
// The publisher's logic against a fake link: order, window, PUBACK-only removal, re-send after a
// lost connection, reconnect backoff, status with session numbers, refusals, prompt stop.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include "fake_mqtt_link.hpp"
#include "store/memory_outbox.hpp"
#include "support/wait_until.hpp"
#include "uplink/outbox_publisher.hpp"
#include "uplink_test_data.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace sw::uplink::test;
using nlohmann::json;
using sw::test::wait_until;

namespace {

struct PublisherRig {
  explicit PublisherRig(MqttSettings s = fast_settings(), PublisherHooks hooks = {})
      : settings(std::move(s)) {
    auto fake = std::make_unique<FakeMqttLink>();
    link = fake.get();
    publisher = std::make_unique<OutboxPublisher>(settings, topics, encoder, outbox, 42,
                                                  std::move(fake), std::move(hooks));
  }
  ~PublisherRig() { publisher->stop(); }

  void add(store::Lane lane, std::int64_t first_seq, int count,
           WallTime created = WallClock::now()) {
    auto batch = outbound_batch(encoder, topics, lane, first_seq, count, created);
    outbox.add(batch);
    publisher->notify();
  }
  std::vector<std::int64_t> seqs_on(const std::string& suffix) const {
    std::vector<std::int64_t> out;
    for (const auto& p : link->publishes_on(suffix))
      out.push_back(p.json()["seq"].get<std::int64_t>());
    return out;
  }
  std::size_t depth() const { return outbox.stats().depth; }

  MqttSettings settings;
  Topics topics = test_topics();
  MessageEncoder encoder{test_identity(), MessageFormat{}};
  store::MemoryOutbox outbox{100'000};
  FakeMqttLink* link = nullptr;
  std::unique_ptr<OutboxPublisher> publisher;
};

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> out;
  for (auto i = first; i <= last; ++i) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("alarms leave before events, status and telemetry that waited longer, each lane in order",
          "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  rig.add(store::Lane::telemetry, 1, 5);
  rig.add(store::Lane::status, 10, 2);
  rig.add(store::Lane::event, 20, 2);
  rig.add(store::Lane::alarm, 30, 3);
  rig.publisher->start();

  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  std::vector<std::string> kinds;
  std::vector<std::int64_t> seqs;
  for (const auto& p : rig.link->publishes()) {
    const json j = p.json();
    if (j["kind"] == "status" && j["data"].contains("session")) continue;  // birth
    kinds.push_back(j["kind"]);
    seqs.push_back(j["seq"]);
  }
  CHECK(kinds == std::vector<std::string>{"alarm", "alarm", "alarm", "event", "event", "status",
                                          "status", "telemetry", "telemetry", "telemetry",
                                          "telemetry", "telemetry"});
  CHECK(seqs == std::vector<std::int64_t>{30, 31, 32, 20, 21, 10, 11, 1, 2, 3, 4, 5});
}

TEST_CASE("no more than max_inflight messages wait for their PUBACK", "[publisher]") {
  MqttSettings s = fast_settings();
  s.max_inflight = 8;
  PublisherRig rig(s);
  rig.link->auto_connect = true;
  rig.add(store::Lane::telemetry, 1, 50);
  rig.publisher->start();

  REQUIRE(wait_until([&] { return rig.link->publishes_on("/telemetry").size() == 8; }));
  CHECK(rig.publisher->state().in_flight == 8);
  // Nothing more goes while the window is full.
  CHECK_FALSE(wait_until([&] { return rig.link->publishes_on("/telemetry").size() > 8; },
                         std::chrono::milliseconds(200)));
  const auto first = rig.link->publishes_on("/telemetry");
  for (int i = 0; i < 3; ++i) rig.link->acknowledge(first[static_cast<std::size_t>(i)].tag);
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/telemetry").size() == 11; }));
  CHECK(rig.seqs_on("/telemetry") == range(1, 11));
}

TEST_CASE("a message leaves the outbox only when its PUBACK arrives", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.add(store::Lane::alarm, 1, 5);
  rig.publisher->start();

  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 5; }));
  // Sent is not delivered: all five are still in the outbox.
  CHECK_FALSE(wait_until([&] { return rig.depth() < 5; }, std::chrono::milliseconds(300)));
  const auto sent = rig.link->publishes_on("/alarm");
  rig.link->acknowledge(sent[0].tag);
  rig.link->acknowledge(sent[1].tag);
  REQUIRE(wait_until([&] { return rig.depth() == 3; }));
  CHECK(rig.outbox.next(store::Lane::alarm, 0, 10).front().seq == 3);
  CHECK(rig.publisher->state().acknowledged == 2);
}

TEST_CASE("after a lost connection everything unacknowledged goes again, marked resent",
          "[publisher]") {
  PublisherRig rig;
  rig.add(store::Lane::alarm, 1, 5);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 1; }));
  rig.link->accept_connection();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 5; }));
  // Created before the connection came up: they were not sent in real time.
  for (const auto& p : rig.link->publishes_on("/alarm")) CHECK(p.json()["resent"] == true);
  const auto sent = rig.link->publishes_on("/alarm");
  rig.link->acknowledge(sent[0].tag);
  rig.link->acknowledge(sent[1].tag);
  REQUIRE(wait_until([&] { return rig.publisher->state().acknowledged == 2; }));

  rig.link->drop_connection("connection lost (broker gone)");
  REQUIRE(wait_until([&] { return !rig.publisher->state().connected; }));
  CHECK(rig.publisher->state().last_error == "connection lost (broker gone)");
  CHECK(rig.depth() == 3);  // the two acknowledged are gone, the three others kept

  // Queued during the outage.
  rig.add(store::Lane::alarm, 6, 2);
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 2; }));
  rig.link->accept_connection();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 10; }));
  std::vector<std::int64_t> second;
  for (const auto& p : rig.link->publishes_on("/alarm")) {
    if (p.connection != 2) continue;
    second.push_back(p.json()["seq"]);
    CHECK(p.json()["resent"] == true);
  }
  CHECK(second == std::vector<std::int64_t>{3, 4, 5, 6, 7});
  rig.link->acknowledge_all();
  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  const UplinkState st = rig.publisher->state();
  CHECK(st.reconnects == 1);
  CHECK(st.connection == 2);
  CHECK(st.published == 10);
  CHECK(st.resent == 10);
}

TEST_CASE("a message created while connected is not marked resent", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.publisher->state().connected; }));
  rig.add(store::Lane::alarm, 1, 1, WallClock::now() + std::chrono::seconds(1));
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 1; }));
  CHECK(rig.link->publishes_on("/alarm")[0].json()["resent"] == false);
  CHECK(rig.publisher->state().resent == 0);
}

TEST_CASE("a refused connection is retried after a growing, bounded wait", "[publisher]") {
  MqttSettings s = fast_settings();
  s.reconnect_min = Millis{100};
  s.reconnect_max = Millis{400};
  PublisherRig rig(s);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 1; }));
  const auto t0 = SteadyClock::now();
  rig.link->refuse_connection("TLS: certificate verify failed");
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 2; }));
  const auto waited = SteadyClock::now() - t0;
  CHECK(waited >= Millis{100});
  CHECK(rig.publisher->state().last_error == "TLS: certificate verify failed");
  CHECK_FALSE(rig.publisher->state().connected);
  for (int i = 3; i <= 5; ++i) {
    rig.link->refuse_connection("refused: not authorized");
    REQUIRE(wait_until([&] { return rig.link->connect_calls() == i; }));
  }
  CHECK(rig.publisher->state().connect_attempts == 5);
  rig.link->accept_connection();
  REQUIRE(wait_until([&] { return rig.publisher->state().connected; }));
  CHECK(rig.publisher->state().reconnects == 0);  // the first connection, after five tries
}

TEST_CASE("birth and Will carry the session and the connection number", "[publisher]") {
  PublisherRig rig;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 1; }));
  const LinkWill will = rig.link->wills().at(0);
  CHECK(will.topic == "sw/E1001/gw-7/status");
  const json w = json::parse(will.payload);
  CHECK(w["kind"] == "status");
  CHECK(w["data"]["state"] == "offline");
  CHECK(w["data"]["reason"] == "connection_lost");
  CHECK(w["data"]["session"] == 42);
  CHECK(w["data"]["connection"] == 1);

  rig.link->accept_connection();
  REQUIRE(wait_until([&] { return !rig.link->publishes_on("/status").empty(); }));
  const FakePublish birth = rig.link->publishes_on("/status").at(0);
  CHECK(birth.retained);
  const json b = birth.json();
  CHECK(b["data"]["state"] == "online");
  CHECK(b["data"]["reason"] == "birth");
  CHECK(b["data"]["session"] == 42);
  CHECK(b["data"]["connection"] == 1);
  REQUIRE(wait_until([&] { return !rig.link->subscriptions().empty(); }));
  CHECK(rig.link->subscriptions().at(0) == "sw/E1001/gw-7/cmd");

  rig.link->drop_connection("connection lost");
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 2; }));
  CHECK(json::parse(rig.link->wills().at(1).payload)["data"]["connection"] == 2);
  rig.link->accept_connection();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/status").size() == 2; }));
  CHECK(rig.link->publishes_on("/status").at(1).json()["data"]["connection"] == 2);
}

TEST_CASE("the heartbeat is a retained status with the health the daemon supplies", "[publisher]") {
  MqttSettings s = fast_settings();
  s.heartbeat = Millis{100};
  PublisherHooks hooks;
  hooks.health = [] { return json{{"uptime_s", 12}, {"devices_online", 3}, {"outbox_depth", 0}}; };
  std::int64_t seq = 1000;
  hooks.next_seq = [&seq] { return ++seq; };
  PublisherRig rig(s, hooks);
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/status").size() >= 3; }));
  const auto statuses = rig.link->publishes_on("/status");
  const json hb = statuses.at(1).json();
  CHECK(statuses.at(1).retained);
  CHECK(hb["data"]["reason"] == "heartbeat");
  CHECK(hb["data"]["state"] == "online");
  CHECK(hb["data"]["health"]["devices_online"] == 3);
  CHECK(hb["data"]["health"]["uplink"]["reconnects"] == 0);
  CHECK(hb["seq"].get<std::int64_t>() > 1000);
}

TEST_CASE(
    "a message the broker refuses goes again in its place, and refused three times it is set "
    "aside and its lane goes on",
    "[publisher][dead-letters]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.add(store::Lane::alarm, 1, 3);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 3; }));
  const std::string refusal = "broker refused: Not authorized (MQTT 5 reason 135)";
  auto sent = rig.link->publishes_on("/alarm");
  rig.link->acknowledge(sent[0].tag);
  rig.link->acknowledge(sent[1].tag, DeliveryOutcome::error, refusal);
  rig.link->acknowledge(sent[2].tag);
  for (std::size_t attempt = 2; attempt <= OutboxPublisher::kRefusalsBeforeSetAside; ++attempt) {
    INFO("attempt " << attempt);
    REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 2 + attempt; }));
    const auto again = rig.link->publishes_on("/alarm").back();
    CHECK(again.json()["seq"] == 2);  // on the same connection, in its place
    CHECK(again.connection == 1);
    rig.link->acknowledge(again.tag, DeliveryOutcome::error, refusal);
  }
  REQUIRE(wait_until([&] { return rig.outbox.stats().dead_letters == 1; }));
  CHECK(rig.depth() == 0);
  const auto dead = rig.outbox.dead_letters(10);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].message.seq == 2);
  CHECK(dead[0].reason == refusal);
  UplinkState st = rig.publisher->state();
  CHECK(st.refused == 3);
  CHECK(st.set_aside == 1);
  CHECK_THAT(st.last_error, Catch::Contains("Not authorized"));

  // The lane goes on, and the dead letter is not sent again by itself, not even on a new
  // connection.
  rig.add(store::Lane::alarm, 4, 1);
  REQUIRE(wait_until([&] { return rig.seqs_on("/alarm").back() == 4; }));
  rig.link->acknowledge_all();
  rig.link->drop_connection("connection lost");
  rig.add(store::Lane::alarm, 5, 1);
  REQUIRE(wait_until([&] { return rig.seqs_on("/alarm").back() == 5; }));
  CHECK(rig.seqs_on("/alarm") == std::vector<std::int64_t>{1, 2, 3, 2, 2, 4, 5});

  // Put back (the cause mended), it goes again, marked resent, and leaves when acknowledged.
  rig.link->auto_ack = true;
  rig.link->acknowledge_all();
  CHECK(rig.outbox.requeue_dead_letters() == 1);
  rig.publisher->notify();
  REQUIRE(wait_until([&] { return rig.seqs_on("/alarm").back() == 2; }));
  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  CHECK(rig.link->publishes_on("/alarm").back().json()["resent"] == true);
  CHECK(rig.outbox.stats().dead_letters == 0);
}

TEST_CASE("a message the broker rejects for what it is (not authorized) is set aside at once",
          "[publisher][dead-letters]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.add(store::Lane::alarm, 1, 2);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/alarm").size() == 2; }));
  const auto sent = rig.link->publishes_on("/alarm");
  rig.link->acknowledge(sent[0].tag, DeliveryOutcome::rejected,
                        "broker refused: Not authorized (MQTT 5 reason 135)");
  rig.link->acknowledge(sent[1].tag);
  REQUIRE(wait_until([&] { return rig.outbox.stats().dead_letters == 1; }));
  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  CHECK(rig.seqs_on("/alarm") == std::vector<std::int64_t>{1, 2});  // not sent again
  CHECK(rig.publisher->state().refused == 1);
  CHECK(rig.publisher->state().set_aside == 1);
}

TEST_CASE("a message the client refuses every time is set aside without stalling the others",
          "[publisher][dead-letters]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  std::atomic<int> attempts{0};
  rig.link->publish_override = [&](const std::string& topic,
                                   const std::string& payload) -> std::optional<PublishResult> {
    if (!topic.ends_with("/event") || json::parse(payload)["seq"] != 2) return std::nullopt;
    ++attempts;
    return PublishResult{DeliveryOutcome::error, "MQTT error [-9]: bad UTF-8 string"};
  };
  rig.add(store::Lane::event, 1, 3);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.outbox.stats().dead_letters == 1; }));
  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  CHECK(attempts == OutboxPublisher::kRefusalsBeforeSetAside);
  CHECK(rig.seqs_on("/event") == std::vector<std::int64_t>{1, 3});
  const auto dead = rig.outbox.dead_letters(10);
  REQUIRE(dead.size() == 1);
  CHECK_THAT(dead[0].reason, Catch::Contains("refused by the client"));
}

TEST_CASE("a RETRY on a live connection sends the message again in its place", "[publisher]") {
  MqttSettings s = fast_settings();
  s.max_inflight = 2;
  PublisherRig rig(s);
  rig.link->auto_connect = true;
  rig.add(store::Lane::event, 1, 4);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/event").size() == 2; }));
  auto sent = rig.link->publishes_on("/event");
  rig.link->acknowledge(sent[0].tag, DeliveryOutcome::retry, "timed out");
  rig.link->acknowledge(sent[1].tag);
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/event").size() == 4; }));
  rig.link->acknowledge_all();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/event").size() == 5; }));
  rig.link->acknowledge_all();
  REQUIRE(wait_until([&] { return rig.depth() == 0; }));
  // 1 went again before 3: order within the lane is kept across the retry.
  CHECK(rig.seqs_on("/event") == std::vector<std::int64_t>{1, 2, 1, 3, 4});
}

TEST_CASE("a publish the client cannot take now is held and sent when it can", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  std::atomic<int> refusals{3};
  rig.link->publish_override = [&](const std::string& topic,
                                   const std::string&) -> std::optional<PublishResult> {
    if (topic.find("/telemetry") != std::string::npos && refusals-- > 0)
      return PublishResult{DeliveryOutcome::retry, "MQTT error [-4]: max messages in flight"};
    return std::nullopt;
  };
  rig.add(store::Lane::telemetry, 1, 3);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.depth() == 0; }, std::chrono::seconds(10)));
  CHECK(rig.seqs_on("/telemetry") == range(1, 3));
}

TEST_CASE("a command on …/cmd reaches the command hook", "[publisher]") {
  std::mutex m;
  std::vector<std::string> commands;
  PublisherHooks hooks;
  hooks.on_command = [&](std::string_view payload, bool) {
    std::lock_guard lock(m);
    commands.emplace_back(payload);
  };
  PublisherRig rig(fast_settings(), hooks);
  rig.link->auto_connect = true;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.publisher->state().connected; }));
  rig.link->deliver("sw/E1001/gw-7/cmd", R"({"id":"r1","cmd":"request_status"})");
  rig.link->deliver("sw/E1001/gw-7/other", "ignored");
  std::lock_guard lock(m);
  CHECK(commands == std::vector<std::string>{R"({"id":"r1","cmd":"request_status"})"});
}

TEST_CASE("replies go out on …/reply inside the envelope", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  rig.publisher->send_reply(reply_ok("r1", "request_status", {{"points", 3}}));
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->publishes_on("/reply").size() == 1; }));
  const FakePublish r = rig.link->publishes_on("/reply").at(0);
  CHECK_FALSE(r.retained);
  CHECK(r.json()["kind"] == "reply");
  CHECK(r.json()["data"]["request_id"] == "r1");
  CHECK(r.json()["data"]["ok"] == true);
}

TEST_CASE("stop says offline, disconnects cleanly and is prompt", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;
  rig.link->auto_ack = true;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.publisher->state().connected; }));
  const auto t0 = SteadyClock::now();
  rig.publisher->stop();
  CHECK(SteadyClock::now() - t0 < Millis{1000});
  const auto statuses = rig.link->publishes_on("/status");
  REQUIRE(statuses.size() == 2);
  CHECK(statuses.back().retained);
  CHECK(statuses.back().json()["data"]["state"] == "offline");
  CHECK(statuses.back().json()["data"]["reason"] == "shutdown");
  CHECK(rig.link->disconnects() == 1);
  CHECK_FALSE(rig.publisher->state().connected);
}

TEST_CASE("stop is prompt when the broker no longer answers", "[publisher]") {
  PublisherRig rig;
  rig.link->auto_connect = true;  // connected, but nothing is ever acknowledged
  rig.add(store::Lane::telemetry, 1, 100);
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.publisher->state().in_flight > 0; }));
  const auto t0 = SteadyClock::now();
  rig.publisher->stop();
  CHECK(SteadyClock::now() - t0 < Millis{2500});
  CHECK(rig.depth() == 100);  // nothing acknowledged, nothing lost
}

TEST_CASE("stop while never connected returns at once", "[publisher]") {
  PublisherRig rig;
  rig.publisher->start();
  REQUIRE(wait_until([&] { return rig.link->connect_calls() == 1; }));
  const auto t0 = SteadyClock::now();
  rig.publisher->stop();
  CHECK(SteadyClock::now() - t0 < Millis{200});
  CHECK(rig.link->disconnects() == 0);
}

TEST_CASE("the uplink state reads as JSON for the console", "[publisher]") {
  UplinkState st;
  st.broker = "ssl://platform:8883";
  st.connected = true;
  st.since = from_epoch_ms(1795917343123);
  st.last_error = "TLS: certificate verify failed (tls_post_process_server_certificate)";
  st.in_flight = 3;
  const json j = to_json(st);
  CHECK(j["broker"] == "ssl://platform:8883");
  CHECK(j["since"] == "2026-11-29T01:55:43.123Z");
  CHECK(j["last_error_at"].is_null());
  CHECK(j["last_error"] == st.last_error);
  CHECK(j["in_flight"] == 3);
}
