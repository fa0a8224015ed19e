// SPDX-License-Identifier: Apache-2.0
// What the gateway tells the platform about itself (docs/messages.md, kind "event"): the watch
// turns device states, storage health, the outbox's shed count and the clocks into events, each
// told once per change; the event queue is bounded and says how many it had to refuse.
#include <catch2/catch.hpp>

#include "gateway_events.hpp"
#include "gateway_watch.hpp"

using namespace sw;
using namespace std::chrono_literals;

namespace {

std::vector<GatewayEvent> taken(GatewayEvents& events) {
  std::vector<GatewayEvent> out;
  events.take(out);
  return out;
}

DeviceStatus device(const std::string& name, bool online, std::uint64_t requests = 1) {
  DeviceStatus d;
  d.bus = "bus-1";
  d.device = name;
  d.online = online;
  d.requests = requests;
  d.last_error = online ? "" : "timeout after 500ms";
  return d;
}

const WallTime kWall = from_epoch_ms(1'795'917'343'123);

}  // namespace

TEST_CASE("a device that stops answering is told once as device_offline, and once back online") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  watch.check_devices({device("ch4-7", true), device("co-2", true)}, kWall);
  CHECK(taken(events).empty());  // first seen online: nothing to tell

  watch.check_devices({device("ch4-7", false), device("co-2", true)}, kWall);
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "device_offline");
  CHECK(told[0].detail["bus"] == "bus-1");
  CHECK(told[0].detail["device"] == "ch4-7");
  CHECK(told[0].detail["last_error"] == "timeout after 500ms");
  CHECK(told[0].message == "ch4-7 on bus-1 stopped answering");

  watch.check_devices({device("ch4-7", false), device("co-2", true)}, kWall);
  CHECK(taken(events).empty());  // still offline: told already

  watch.check_devices({device("ch4-7", true), device("co-2", true)}, kWall);
  told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "device_online");
  CHECK(told[0].detail["device"] == "ch4-7");
}

TEST_CASE("a device offline from the start is told once it has been asked, not before") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  watch.check_devices({device("cam-1", false, 0)}, kWall);
  CHECK(taken(events).empty());
  watch.check_devices({device("cam-1", false, 1)}, kWall);
  const auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "device_offline");
}

TEST_CASE("the store failing over to memory and writing again are each told once") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  StorageHealth h;
  watch.check_storage(h, kWall);
  CHECK(taken(events).empty());
  h.ok = false;
  h.problem = "database or disk is full";
  h.failed_commits = 1;
  watch.check_storage(h, kWall);
  watch.check_storage(h, kWall);
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "store_failover");
  CHECK(told[0].detail["problem"] == "database or disk is full");
  h.ok = true;
  h.events_not_ledgered = 3;
  watch.check_storage(h, kWall);
  told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "store_recovered");
  CHECK(told[0].detail["events_not_ledgered"] == 3);
}

TEST_CASE(
    "telemetry shed is told with how many since the last event, what was shed before start "
    "is not told again") {
  GatewayEvents events;
  GatewayWatch watch(events, 40);  // shed in an earlier run
  watch.check_shed(40, kWall);
  CHECK(taken(events).empty());
  watch.check_shed(52, kWall);
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "telemetry_shed");
  CHECK(told[0].detail["shed"] == 12);
  CHECK(told[0].detail["shed_total"] == 52);
  watch.check_shed(52, kWall);
  CHECK(taken(events).empty());
}

TEST_CASE(
    "dead letters are told as they rise, those left by an earlier run are not, and a "
    "requeue starts the count again") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  watch.check_dead_letters(2, kWall);  // from an earlier run
  CHECK(taken(events).empty());
  watch.check_dead_letters(5, kWall);
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "messages_set_aside");
  CHECK(told[0].detail["set_aside"] == 3);
  CHECK(told[0].detail["dead_letters"] == 5);
  watch.check_dead_letters(5, kWall);
  CHECK(taken(events).empty());
  watch.check_dead_letters(0, kWall);  // put back
  CHECK(taken(events).empty());
  watch.check_dead_letters(1, kWall);
  told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].detail["set_aside"] == 1);
}

TEST_CASE("a wall-clock step beyond a second is a clock_jump with its size, and drift is not") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  const SteadyTime s0{};
  watch.check_clock(s0, kWall);
  watch.check_clock(s0 + 200ms, kWall + 200ms);
  watch.check_clock(s0 + 400ms, kWall + 1400ms);  // 1 s ahead: the threshold, not beyond it
  CHECK(taken(events).empty());
  watch.check_clock(s0 + 600ms, kWall + 1600ms - 3h);  // NTP pulls a wrong RTC back 3 hours
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "clock_jump");
  CHECK(told[0].detail["step_ms"] == -3 * 3600 * 1000);
  CHECK(told[0].time == kWall + 1600ms - 3h);
  watch.check_clock(s0 + 800ms, kWall + 1800ms - 3h + 5s);
  told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].detail["step_ms"] == 5000);
}

TEST_CASE("the event queue wakes its taker, is bounded, and counts what it refused") {
  GatewayEvents events;
  int wakes = 0;
  events.set_waker([&] { ++wakes; });
  events.post({"config_reloaded", "config reloaded: 3 points", {}, kWall});
  CHECK(wakes == 1);
  CHECK(events.pending());
  CHECK(taken(events).size() == 1);
  CHECK_FALSE(events.pending());

  for (std::size_t i = 0; i < GatewayEvents::kMaxPending + 5; ++i)
    events.post({"device_offline", "flap", {}, kWall});
  CHECK(events.refused() == 5);
  CHECK(taken(events).size() == GatewayEvents::kMaxPending);
  events.post({"device_online", "back", {}, kWall});
  const auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].detail["events_refused_before"] == 5);
}

TEST_CASE(
    "a hazard past its 期限 and not rectified is reminded once, again when it falls overdue after "
    "a "
    "new plan, and not once rectified") {
  GatewayEvents events;
  GatewayWatch watch(events, 0);
  store::HazardRecord r;
  r.id = 2;
  r.category = "瓦斯超限作业";
  r.state = store::HazardState::rectifying;
  r.plan = {"李四", "调整传感器位置", "0.5万元", "2026-11-20", "瓦斯超限撤人预案"};
  const WallTime before = *local_day_start("2026-11-20") + 23h;
  const WallTime after = *local_day_start("2026-11-21") + 1min;
  watch.check_hazards({r}, before);  // the deadline's day is not over yet
  CHECK(taken(events).empty());
  watch.check_hazards({r}, after);
  watch.check_hazards({r}, after + 1h);
  auto told = taken(events);
  REQUIRE(told.size() == 1);
  CHECK(told[0].name == "hazard_overdue");
  CHECK(told[0].detail["hazard_id"] == 2);
  CHECK(told[0].detail["deadline"] == "2026-11-20");
  CHECK(told[0].detail["responsible"] == "李四");
  // Re-planned with a later deadline that passes too: told again.
  r.plan.deadline = "2026-11-25";
  watch.check_hazards({r}, *local_day_start("2026-11-26"));
  CHECK(taken(events).size() == 1);
  r.state = store::HazardState::rectified;
  watch.check_hazards({r}, *local_day_start("2026-11-27"));
  CHECK(taken(events).empty());
}
