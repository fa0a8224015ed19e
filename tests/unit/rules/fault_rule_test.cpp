// SPDX-License-Identifier: Apache-2.0
// Sensor faults and communication loss: a monitoring failure is itself a hazard, and one not
// restored in time is a major hazard (coal: 煤矿重大事故隐患判定标准 第十八条(六)).
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFault = "face3.ch4/fault";

PointRules fault_rules(Millis fault_after, std::optional<Millis> major_fault_after) {
  PointRules r = return_corner(kCh4);
  r.fault_after = fault_after;
  r.major_fault_after = major_fault_after;
  return r;
}
}  // namespace

TEST_CASE("the first sample reports the fault source as healthy") {
  Engine e({point(kCh4, "甲烷")}, {fault_rules(0s, 1h)});
  const Condition c = only(e.sample(kCh4, 0.2, 0), kFault);
  CHECK_FALSE(c.active);
  CHECK(c.rule == "sensor_fault");
  CHECK_FALSE(reports(e.sample(kCh4, 0.2, 1), kFault));
}

TEST_CASE("a failed read with fault_after 0 raises a sensor fault at once, naming the reason") {
  Engine e({point(kCh4, "甲烷")}, {fault_rules(0s, 1h)});
  e.sample(kCh4, 0.2, 0);
  const Condition c = only(e.sample(kCh4, 0, 1, Quality::comm_loss, "timeout"), kFault);
  CHECK(c.active);
  CHECK(c.level == "fault");
  CHECK(c.rank == 1);
  CHECK(c.priority == 2);
  CHECK_FALSE(c.major_hazard);
  CHECK(std::isnan(c.value));
  CHECK(c.clause == "煤矿重大事故隐患判定标准 第十八条(六) 安全监控系统不能正常运行");
  CHECK(c.message == "甲烷 传感器故障：通信中断");  // an English reason stays out
  CHECK(c.time == wall(1));
}

TEST_CASE("a sensor fault waits fault_after: not before, exactly at, after") {
  Engine e({point(kCh4)}, {fault_rules(10s, 1h)});
  e.sample(kCh4, 0.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0, 1, Quality::device_fault), kFault));
  CHECK_FALSE(reports(e.sample(kCh4, 0, 5, Quality::device_fault), kFault));
  CHECK_FALSE(reports(e.tick(10.999), kFault));
  const Condition c = only(e.tick(11), kFault);
  CHECK(c.active);
  CHECK(c.time == wall(11));
  CHECK(c.message == "face3.ch4 传感器故障：设备故障");
}

TEST_CASE("a good read within fault_after raises nothing") {
  Engine e({point(kCh4)}, {fault_rules(10s, 1h)});
  e.sample(kCh4, 0.2, 0);
  e.sample(kCh4, 0, 1, Quality::comm_loss);
  CHECK_FALSE(reports(e.sample(kCh4, 0.2, 5), kFault));
  CHECK_FALSE(reports(e.tick(30), kFault));
}

TEST_CASE("a fault not restored within major_fault_after escalates to a major hazard") {
  Engine e({point(kCh4)}, {fault_rules(10s, 60s)});
  e.sample(kCh4, 0.2, 0);
  e.sample(kCh4, 0, 1, Quality::comm_loss, "timeout");
  CHECK(only(e.tick(11), kFault).level == "fault");
  CHECK_FALSE(reports(e.tick(60.999), kFault));
  const Condition c = only(e.tick(61), kFault);
  CHECK(c.active);
  CHECK(c.level == "fault_unrestored");
  CHECK(c.rank == 2);
  CHECK(c.priority == 1);
  CHECK(c.major_hazard);
  CHECK(c.hazard_category == "其他重大事故隐患");
  CHECK(c.clause == "煤矿重大事故隐患判定标准 第十八条(六) 安全监控系统不能正常运行");
  CHECK(c.message == "face3.ch4 传感器故障 1 分钟 未恢复：通信中断");
  CHECK(c.time == wall(61));
}

TEST_CASE("a late tick reports both fault stages, each stamped when it fell due") {
  Engine e({point(kCh4)}, {fault_rules(10s, 60s)});
  e.sample(kCh4, 0.2, 0);
  e.sample(kCh4, 0, 1, Quality::comm_loss);
  const auto cs = of(e.tick(100), kFault);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].level == "fault");
  CHECK(cs[0].time == wall(11));
  CHECK(cs[1].level == "fault_unrestored");
  CHECK(cs[1].time == wall(61));
}

TEST_CASE("without major_fault_after a fault never becomes a major hazard") {
  Engine e({point(kCh4)}, {fault_rules(0s, std::nullopt)});
  e.sample(kCh4, 0, 0, Quality::comm_loss);
  CHECK_FALSE(reports(e.tick(100000), kFault));
  CHECK(e.engine.next_deadline() == SteadyTime::max());
}

TEST_CASE("a restored sensor clears the fault, from either stage") {
  Engine e({point(kCh4)}, {fault_rules(0s, 60s)});
  e.sample(kCh4, 0, 0, Quality::comm_loss);
  e.tick(61);
  const Condition c = only(e.sample(kCh4, 0.3, 62), kFault);
  CHECK_FALSE(c.active);
  CHECK(c.message == "face3.ch4 传感器恢复正常");
  // A new failure starts a new count.
  e.sample(kCh4, 0, 70, Quality::comm_loss);
  CHECK(only(e.out, kFault).level == "fault");
  CHECK_FALSE(reports(e.tick(129.999), kFault));
  CHECK(only(e.tick(130), kFault).level == "fault_unrestored");
}

TEST_CASE("warming up and calibrating are not faults, and end one") {
  Engine e({point(kCh4)}, {fault_rules(0s, 60s)});
  CHECK_FALSE(only(e.sample(kCh4, 0, 0, Quality::warming_up), kFault).active);
  CHECK(only(e.sample(kCh4, 0, 1, Quality::out_of_range), kFault).active);
  CHECK_FALSE(only(e.sample(kCh4, 0, 2, Quality::calibrating), kFault).active);
}

TEST_CASE("a change of failure reason while faulty reports nothing new") {
  Engine e({point(kCh4)}, {fault_rules(0s, 60s)});
  e.sample(kCh4, 0, 0, Quality::comm_loss);
  CHECK_FALSE(reports(e.sample(kCh4, 0, 1, Quality::device_fault), kFault));
}

TEST_CASE("a point silent for two poll periods and a second is stale and becomes a fault") {
  PointRules r = fault_rules(0s, 60s);
  Engine e({point(kCh4, "", "%CH4", 2s)}, {r});  // stale after 2 × 2 s + 1 s = 5 s
  e.tick(0);
  e.sample(kCh4, 0.3, 0);
  CHECK(e.engine.next_deadline() == steady(5));
  CHECK_FALSE(reports(e.tick(4.999), kFault));
  CHECK(e.engine.latest(kCh4)->quality == Quality::good);
  const Condition c = only(e.tick(5), kFault);
  CHECK(c.active);
  CHECK(c.time == wall(5));
  CHECK(c.message == "face3.ch4 传感器故障：无数据（5 秒无数据）");
  const Sample* latest = e.engine.latest(kCh4);
  REQUIRE(latest != nullptr);
  CHECK(latest->quality == Quality::stale);
  CHECK(latest->value == 0.3);  // the last reading, marked stale: never shown as fresh
  // A sample ends it.
  CHECK_FALSE(only(e.sample(kCh4, 0.3, 6), kFault).active);
  CHECK(e.engine.latest(kCh4)->quality == Quality::good);
}

TEST_CASE("each sample restarts the stale clock") {
  Engine e({point(kCh4, "", "%CH4", 2s)}, {fault_rules(0s, 60s)});
  e.tick(0);
  for (int t = 0; t <= 20; t += 2) {
    e.sample(kCh4, 0.3, t);
    CHECK_FALSE(reports(e.tick(t + 1.9), kFault));
  }
}

TEST_CASE("a point that never sends is stale from the engine's start") {
  Engine e({point(kCh4, "", "%CH4", 1s)}, {fault_rules(0s, 60s)});
  e.tick(0);
  CHECK_FALSE(reports(e.tick(2.999), kFault));
  const Condition c = only(e.tick(3), kFault);
  CHECK(c.active);
  const Sample* latest = e.engine.latest(kCh4);
  REQUIRE(latest != nullptr);
  CHECK(latest->quality == Quality::stale);
}

TEST_CASE("stale_after set on the point replaces the poll-period default") {
  PointRules r = fault_rules(0s, 60s);
  r.stale_after = 30s;
  Engine e({point(kCh4, "", "%CH4", 1s)}, {r});
  e.tick(0);
  e.sample(kCh4, 0.3, 0);
  CHECK_FALSE(reports(e.tick(29.9), kFault));
  CHECK(only(e.tick(30), kFault).active);
}

TEST_CASE("a stale point's limit alarm is held, not cleared") {
  Engine e({point(kCh4, "", "%CH4", 1s)}, {fault_rules(0s, 60s)});
  e.tick(0);
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(reports(e.tick(10), "face3.ch4/limit"));
}

TEST_CASE("a slow turn of the rules thread does not make points stale: samples count first") {
  // The thread was busy 10 s; the queued sample is applied before the tick.
  Engine e({point(kCh4, "", "%CH4", 1s)}, {fault_rules(0s, 60s)});
  e.tick(0);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 0.3, 10);
  CHECK_FALSE(reports(e.tick(10), kFault));
}

}  // namespace sw::rules::test
