// SPDX-License-Identifier: Apache-2.0
// Limit levels: the boundaries 煤矿安全规程 第498条 and 第135条 state, hysteresis, on/off delays,
// escalation between levels, and what bad quality does to them.
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kLimit = "face3.ch4/limit";

Engine corner() {
  return Engine({point(kCh4, "甲烷")}, {return_corner(kCh4)});
}
}  // namespace

TEST_CASE("the first good value of a point reports its limit source, even when all is well") {
  Engine e = corner();
  const Condition c = only(e.sample(kCh4, 0.3, 0), kLimit);
  CHECK_FALSE(c.active);
  CHECK(c.rule == "limit");
  CHECK(c.point == kCh4);
  CHECK(c.value == 0.3);
  CHECK(c.time == wall(0));
  // Nothing changed: nothing more to say.
  CHECK_FALSE(reports(e.sample(kCh4, 0.4, 1), kLimit));
}

TEST_CASE("methane exactly at the alarm level trips it, just below does not") {
  Engine e = corner();
  CHECK_FALSE(only(e.sample(kCh4, 0.99, 0), kLimit).active);
  const Condition c = only(e.sample(kCh4, 1.0, 1), kLimit);
  CHECK(c.active);
  CHECK(c.level == "alarm");
  CHECK(c.rank == 1);
  CHECK(c.priority == 2);
  CHECK(c.threshold == 1.0);
  CHECK_FALSE(c.low);
  CHECK(c.clause == "煤矿安全规程 第498条");
  CHECK(c.message == "甲烷 1.00 %CH4 ≥ 报警值 1.00");
  CHECK(c.time == wall(1));
}

TEST_CASE("methane at the power-cut level escalates the same source to power_cut") {
  Engine e = corner();
  e.sample(kCh4, 1.2, 0);
  CHECK(only(e.sample(kCh4, 1.49, 1), kLimit).level == "alarm");  // a new peak, same level
  const Condition c = only(e.sample(kCh4, 1.5, 2), kLimit);
  CHECK(c.active);
  CHECK(c.level == "power_cut");
  CHECK(c.rank == 2);
  CHECK(c.priority == 1);
  CHECK(c.threshold == 1.5);
  CHECK(c.message == "甲烷 1.50 %CH4 ≥ 断电值 1.50");
}

TEST_CASE("a value straight above the power-cut level reports power_cut, not alarm first") {
  Engine e = corner();
  e.sample(kCh4, 0.5, 0);
  const Condition c = only(e.sample(kCh4, 1.62, 1), kLimit);
  CHECK(c.level == "power_cut");
  CHECK(c.message == "甲烷 1.62 %CH4 ≥ 断电值 1.50");
}

TEST_CASE("between restore and threshold an active level stays active (hysteresis)") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, 0.8)};
  Engine h({point(kCh4, "甲烷")}, {r});
  h.sample(kCh4, 1.1, 0);
  CHECK(h.out.back().active);
  CHECK_FALSE(reports(h.sample(kCh4, 0.95, 1), kLimit));
  CHECK_FALSE(reports(h.sample(kCh4, 0.8, 2), kLimit));  // restore means value < 0.8
  const Condition cleared = only(h.sample(kCh4, 0.79, 3), kLimit);
  CHECK_FALSE(cleared.active);
  CHECK(cleared.value == 0.79);
  CHECK(cleared.message == "甲烷 0.79 %CH4 已恢复正常");
  // Between restore and threshold from below: nothing trips.
  CHECK_FALSE(reports(h.sample(kCh4, 0.95, 4), kLimit));
}

TEST_CASE("power cut with restore below the alarm level clears straight to normal (第498条)") {
  // 回风隅角: power cut at 1.5, restore (复电) below 1.0 — the alarm level restores at the same
  // value, so from power_cut the source goes straight back to normal.
  Engine e = corner();
  e.sample(kCh4, 1.6, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 1.2, 1), kLimit));
  CHECK_FALSE(reports(e.sample(kCh4, 1.0, 2), kLimit));
  CHECK_FALSE(only(e.sample(kCh4, 0.99, 3), kLimit).active);
}

TEST_CASE("escalation level1 to level2 and back de-escalates on the same source") {
  // GB/T 50493-2019 §5.5.2: combustible gas level 1 at 25 %LEL, level 2 at 50 %LEL.
  PointRules r;
  r.point = "tank.lel";
  r.limits = {high("level1", 25, std::nullopt, 2), high("level2", 50, std::nullopt, 1)};
  Engine e({point("tank.lel", "可燃气体", "%LEL")}, {r});
  e.sample("tank.lel", 10, 0);
  CHECK(only(e.sample("tank.lel", 30, 1), "tank.lel/limit").level == "level1");
  const Condition up = only(e.sample("tank.lel", 55, 2), "tank.lel/limit");
  CHECK(up.level == "level2");
  CHECK(up.rank == 2);
  const Condition down = only(e.sample("tank.lel", 45, 3), "tank.lel/limit");
  CHECK(down.active);
  CHECK(down.level == "level1");
  CHECK(down.rank == 1);
  CHECK(down.threshold == 25);
  CHECK_FALSE(only(e.sample("tank.lel", 20, 4), "tank.lel/limit").active);
}

TEST_CASE("a worse value at the same level is reported, so the alarm's peak is known") {
  Engine e = corner();
  e.sample(kCh4, 1.1, 0);
  CHECK(only(e.sample(kCh4, 1.3, 1), kLimit).value == 1.3);
  CHECK_FALSE(reports(e.sample(kCh4, 1.2, 2), kLimit));  // not worse than 1.3
  CHECK_FALSE(reports(e.sample(kCh4, 1.3, 3), kLimit));
  CHECK(only(e.sample(kCh4, 1.35, 4), kLimit).value == 1.35);
}

TEST_CASE("oxygen at 19.9 %vol is below the 20 %vol low limit, 20.0 is not (第135条)") {
  PointRules r;
  r.point = "face3.o2";
  r.limits = {low("low", 20.0, std::nullopt)};
  Engine e({point("face3.o2", "氧气", "%vol")}, {r});
  CHECK_FALSE(only(e.sample("face3.o2", 20.0, 0), "face3.o2/limit").active);
  const Condition c = only(e.sample("face3.o2", 19.9, 1), "face3.o2/limit");
  CHECK(c.active);
  CHECK(c.low);
  CHECK(c.level == "low");
  CHECK(c.threshold == 20.0);
  CHECK(c.message == "氧气 19.90 %vol < low 20.00");
  // Lower is worse for a low limit.
  CHECK(only(e.sample("face3.o2", 19.5, 2), "face3.o2/limit").value == 19.5);
  CHECK_FALSE(reports(e.sample("face3.o2", 19.7, 3), "face3.o2/limit"));
  CHECK_FALSE(only(e.sample("face3.o2", 20.0, 4), "face3.o2/limit").active);
}

TEST_CASE("a low limit with hysteresis restores only at the restore value") {
  PointRules r;
  r.point = "face3.o2";
  r.limits = {low("low", 20.0, 20.5)};
  Engine e({point("face3.o2", "", "%vol")}, {r});
  e.sample("face3.o2", 19.8, 0);
  CHECK_FALSE(reports(e.sample("face3.o2", 20.4, 1), "face3.o2/limit"));
  CHECK_FALSE(only(e.sample("face3.o2", 20.5, 2), "face3.o2/limit").active);
}

TEST_CASE("an on-delay trips not before, exactly at, and after its time") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.tick(0);
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(e.out.back().active);
  CHECK(e.engine.next_deadline() == steady(5));
  CHECK(e.tick(4.999).empty());
  const Condition c = only(e.tick(5), kLimit);
  CHECK(c.active);
  CHECK(c.time == wall(5));
}

TEST_CASE("an on-delay is stamped with when it ran out, even if the tick comes late") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  const Condition c = only(e.tick(7), kLimit);
  CHECK(c.active);
  CHECK(c.time == wall(5));
}

TEST_CASE("a value falling back before the on-delay ends trips nothing") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0.9, 4), kLimit));
  CHECK(e.tick(10).empty());
  // Beyond again: the delay starts over.
  e.sample(kCh4, 1.2, 11);
  CHECK(e.tick(15.9).empty());
  CHECK(only(e.tick(16), kLimit).active);
}

TEST_CASE("a sample after the on-delay ran out trips at the due time, before judging itself") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  // No tick in between: the value held at 1.2 for 6 s, then fell.
  const auto cs = of(e.sample(kCh4, 0.5, 6), kLimit);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].active);
  CHECK(cs[0].time == wall(5));
  CHECK_FALSE(cs[1].active);
  CHECK(cs[1].time == wall(6));
}

TEST_CASE("an off-delay clears not before, exactly at, and after its time") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].off_delay = 10s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0.5, 1), kLimit));
  CHECK(e.tick(10.999).empty());
  const Condition c = only(e.tick(11), kLimit);
  CHECK_FALSE(c.active);
  CHECK(c.time == wall(11));
}

TEST_CASE("a value back beyond the threshold during the off-delay keeps the alarm") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].off_delay = 10s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  e.sample(kCh4, 0.5, 1);
  CHECK_FALSE(reports(e.sample(kCh4, 1.1, 5), kLimit));
  CHECK(e.tick(20).empty());
}

TEST_CASE("levels with their own on-delays escalate in the order their delays run out") {
  PointRules r = return_corner(kCh4);
  r.limits[0].on_delay = 1s;
  r.limits[1].on_delay = 3s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.6, 0);
  const auto cs = of(e.tick(5), kLimit);
  REQUIRE(cs.size() == 2);
  CHECK(cs[0].level == "alarm");
  CHECK(cs[0].time == wall(1));
  CHECK(cs[1].level == "power_cut");
  CHECK(cs[1].time == wall(3));
}

TEST_CASE("warming up and calibrating hold limit alarms: nothing new trips, nothing clears") {
  Engine e = corner();
  e.sample(kCh4, 0.3, 0);
  // Calibration with test gas: 2 %CH4 while the sensor says it is calibrating raises nothing.
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 1, Quality::calibrating), kLimit));
  CHECK_FALSE(reports(e.sample(kCh4, 2.0, 2, Quality::warming_up), kLimit));
  CHECK_FALSE(reports(e.sample(kCh4, 0.3, 3), kLimit));
  // An active alarm is held through calibration until a good value shows it restored.
  CHECK(only(e.sample(kCh4, 1.2, 4), kLimit).active);
  CHECK_FALSE(reports(e.sample(kCh4, 0.1, 5, Quality::calibrating), kLimit));
  CHECK_FALSE(only(e.sample(kCh4, 0.1, 6), kLimit).active);
}

TEST_CASE("a failed read neither trips nor clears a limit") {
  Engine e = corner();
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 0, 1, Quality::comm_loss), kLimit));
  CHECK_FALSE(reports(e.sample(kCh4, 0, 2, Quality::device_fault), kLimit));
  CHECK_FALSE(only(e.sample(kCh4, 0.2, 3), kLimit).active);
}

TEST_CASE("bad quality calls off a pending on-delay: it needs good evidence all the way") {
  PointRules r = return_corner(kCh4);
  r.limits = {high("alarm", 1.0, std::nullopt)};
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.sample(kCh4, 1.2, 0);
  e.sample(kCh4, 0, 2, Quality::comm_loss);
  CHECK_FALSE(reports(e.tick(6), kLimit));
}

TEST_CASE("a point whose first reads are not good reports its limit only with the first good one") {
  Engine e = corner();
  CHECK_FALSE(reports(e.sample(kCh4, 0, 0, Quality::warming_up), kLimit));
  CHECK(reports(e.sample(kCh4, 0.2, 1), kLimit));
}

TEST_CASE("a point without limits reports no limit source") {
  Engine e({point("x")}, {});
  CHECK_FALSE(reports(e.sample("x", 99, 0), "x/limit"));
}

TEST_CASE("a point without a name is named by its id in messages") {
  Engine e({point(kCh4)}, {return_corner(kCh4)});
  e.sample(kCh4, 0.1, 0);
  CHECK(only(e.sample(kCh4, 1.1, 1), kLimit).message == "face3.ch4 1.10 %CH4 ≥ 报警值 1.00");
}

}  // namespace sw::rules::test
