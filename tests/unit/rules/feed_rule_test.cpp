// SPDX-License-Identifier: Apache-2.0
// Power not cut: methane at the power-cut level must switch the feed off within 2 s (AQ 6201);
// still on is the major hazard of working on after an exceedance (煤矿重大事故隐患判定标准).
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFeed = "face3.feed";
const std::string kNotCut = "face3.ch4/power_not_cut";

Engine face(Millis cut_time = 2s) {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed};
  r.cut_time = cut_time;
  PointInfo feed = point(kFeed, "工作面馈电状态", "");
  feed.is_switch = true;
  return Engine({point(kCh4, "甲烷"), feed}, {r});
}
}  // namespace

TEST_CASE("the power-not-cut source is first reported with the first judged methane value") {
  Engine e = face();
  CHECK_FALSE(reports(e.sample(kFeed, 1, 0), kNotCut));
  const Condition c = only(e.sample(kCh4, 0.3, 0), kNotCut);
  CHECK_FALSE(c.active);
  CHECK(c.rule == "power_not_cut");
}

TEST_CASE("methane at the power-cut level with the feed still on after 2 s is a major hazard") {
  Engine e = face();
  e.tick(0);
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.3, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 1.6, 10), kNotCut));
  CHECK(e.engine.next_deadline() == steady(12));
  e.sample(kFeed, 1, 11);
  CHECK_FALSE(reports(e.tick(11.999), kNotCut));
  const Condition c = only(e.tick(12), kNotCut);
  CHECK(c.active);
  CHECK(c.level == "power_not_cut");
  CHECK(c.rank == 2);
  CHECK(c.priority == 1);
  CHECK(c.major_hazard);
  CHECK(c.hazard_category == "瓦斯超限作业");
  CHECK(c.clause ==
        "煤矿重大事故隐患判定标准 第五条(二) 瓦斯超限后继续作业 / 第七条(二) 瓦斯超限后不能断电");
  CHECK(c.value == 1.6);
  CHECK(c.threshold == 1.5);
  CHECK(c.message == "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态 2 秒 后仍有电");
  CHECK(c.time == wall(12));
}

TEST_CASE("the feed going off within 2 s of the power cut is no hazard") {
  Engine e = face();
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 1.6, 10);
  CHECK_FALSE(reports(e.sample(kFeed, 0, 11.9), kNotCut));
  CHECK_FALSE(reports(e.tick(20), kNotCut));
}

TEST_CASE("the alarm level alone does not ask for a power cut") {
  Engine e = face();
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 1.2, 0);
  CHECK_FALSE(reports(e.tick(60), kNotCut));
}

TEST_CASE("the feed coming back on while the cut is due is a hazard after cut_time") {
  Engine e = face();
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 1.6, 10);
  e.sample(kFeed, 0, 11);
  // Someone re-energises the face with methane still above the power-cut level.
  CHECK_FALSE(reports(e.sample(kFeed, 1, 30), kNotCut));
  CHECK_FALSE(reports(e.tick(31.999), kNotCut));
  CHECK(only(e.tick(32), kNotCut).active);
}

TEST_CASE("the hazard clears when the feed reports off or methane restores") {
  SECTION("feed off") {
    Engine e = face();
    e.sample(kFeed, 1, 0);
    e.sample(kCh4, 1.6, 0);
    e.tick(5);
    const Condition c = only(e.sample(kFeed, 0, 6), kNotCut);
    CHECK_FALSE(c.active);
    CHECK(c.time == wall(6));
  }
  SECTION("methane below the restore level (复电 < 1.0)") {
    Engine e = face();
    e.sample(kFeed, 1, 0);
    e.sample(kCh4, 1.6, 0);
    e.tick(5);
    CHECK_FALSE(reports(e.sample(kCh4, 1.2, 6), kNotCut));  // power cut still due
    CHECK_FALSE(only(e.sample(kCh4, 0.9, 7), kNotCut).active);
  }
}

TEST_CASE("a feed that cannot be read while the cut is due is reported: the cut is unproven") {
  Engine e = face();
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 1.6, 1);
  e.sample(kFeed, 0, 2, Quality::comm_loss);
  const Condition c = only(e.tick(3), kNotCut);
  CHECK(c.active);
  CHECK(c.level == "feed_unknown");
  CHECK(c.rank == 1);
  CHECK(c.major_hazard);
  CHECK(c.message ==
        "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态 状态不明（通信中断），不能确认已断电");
  // The feed reads again, still on: the same source escalates.
  CHECK(only(e.sample(kFeed, 1, 4), kNotCut).level == "power_not_cut");
}

TEST_CASE("a feed that never reported is unknown: the cut cannot be proven") {
  Engine e = face();
  e.tick(0);
  e.sample(kCh4, 1.6, 0);
  CHECK(only(e.tick(2), kNotCut).level == "feed_unknown");
}

TEST_CASE("a stale feed is unknown") {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed};
  Engine e({point(kCh4), point(kFeed, "", "", 1s)}, {r});
  e.tick(0);
  e.sample(kFeed, 0, 0);
  e.sample(kCh4, 1.6, 0);
  CHECK_FALSE(reports(e.tick(2.9), kNotCut));
  e.sample(kFeed, 0, 2.9);
  // Feed silent from 2.9 s: stale at 5.9 s, unproven cut 2 s later.
  CHECK_FALSE(reports(e.tick(7.899), kNotCut));
  CHECK(only(e.tick(7.9), kNotCut).level == "feed_unknown");
}

TEST_CASE(
    "the cut time counts from the power-cut level's on-delay, not from the first exceedance") {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed};
  r.limits[1].on_delay = 3s;
  Engine e({point(kCh4), point(kFeed)}, {r});
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 1.6, 0);
  CHECK(only(e.tick(3), "face3.ch4/limit").level == "power_cut");
  CHECK_FALSE(reports(e.tick(4.999), kNotCut));
  CHECK(only(e.tick(5), kNotCut).active);
}

TEST_CASE("a feed value of 0.5 reads as on, 0.49 as off") {
  Engine e = face();
  e.sample(kFeed, 0.49, 0);
  e.sample(kCh4, 1.6, 0);
  CHECK_FALSE(reports(e.tick(10), kNotCut));
  e.sample(kFeed, 0.5, 10);
  CHECK(only(e.tick(12), kNotCut).active);
}

TEST_CASE("one feed can guard several methane points") {
  PointRules a = return_corner("face3.ch4");
  a.feed_points = {kFeed};
  PointRules b = return_corner("face3.ch4b");
  b.feed_points = {kFeed};
  Engine e({point("face3.ch4"), point("face3.ch4b"), point(kFeed)}, {a, b});
  e.sample(kFeed, 1, 0);
  e.sample("face3.ch4", 1.6, 0);
  e.sample("face3.ch4b", 1.7, 1);
  const auto& cs = e.tick(3);
  CHECK(only(cs, "face3.ch4/power_not_cut").active);
  CHECK(only(cs, "face3.ch4b/power_not_cut").active);
  const auto& off = e.sample(kFeed, 0, 4);
  CHECK_FALSE(only(off, "face3.ch4/power_not_cut").active);
  CHECK_FALSE(only(off, "face3.ch4b/power_not_cut").active);
}

TEST_CASE("cut_clause and cut_hazard_category are data a site can change") {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed};
  r.cut_clause = "煤矿重大事故隐患判定标准(2026) 第X条";
  r.cut_hazard_category = "瓦斯超限作业";
  Engine e({point(kCh4), point(kFeed)}, {r});
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 1.6, 0);
  CHECK(only(e.tick(2), kNotCut).clause == "煤矿重大事故隐患判定标准(2026) 第X条");
}

}  // namespace sw::rules::test

namespace sw::rules::test {

namespace {
const std::string kFeed2 = "face3.feed2";

// A cut scope over two switches: the face's feed and the roadway's.
Engine two_feeds() {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed, kFeed2};
  PointInfo feed = point(kFeed, "工作面馈电状态", "");
  PointInfo feed2 = point(kFeed2, "顺槽馈电状态", "");
  feed.is_switch = feed2.is_switch = true;
  return Engine({point(kCh4, "甲烷"), feed, feed2}, {r});
}
}  // namespace

TEST_CASE("with two feeds, one switched off and one still on is power not cut, naming the one on") {
  Engine e = two_feeds();
  e.tick(0);
  e.sample(kFeed, 1, 0);
  e.sample(kFeed2, 1, 0);
  e.sample(kCh4, 0.3, 0);
  e.sample(kCh4, 1.6, 10);
  CHECK_FALSE(reports(e.sample(kFeed, 0, 11), kNotCut));
  const Condition c = only(e.tick(12), kNotCut);
  CHECK(c.active);
  CHECK(c.level == "power_not_cut");
  CHECK(c.message == "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 顺槽馈电状态 2 秒 后仍有电");
  // The second feed goes off too: the cut is proven.
  CHECK_FALSE(only(e.sample(kFeed2, 0, 13), kNotCut).active);
}

TEST_CASE("with two feeds both still on, the alarm names both") {
  Engine e = two_feeds();
  e.sample(kFeed, 1, 0);
  e.sample(kFeed2, 1, 0);
  e.sample(kCh4, 1.6, 0);
  CHECK(only(e.tick(2), kNotCut).message ==
        "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态、顺槽馈电状态 2 秒 后仍有电");
  // One goes off late: still not cut, and the alarm's text now names only the other.
  const Condition c = only(e.sample(kFeed, 0, 3), kNotCut);
  CHECK(c.active);
  CHECK(c.message == "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 顺槽馈电状态 2 秒 后仍有电");
  CHECK_FALSE(only(e.sample(kFeed2, 0, 4), kNotCut).active);
}

TEST_CASE(
    "with two feeds, an unknown one and an off one is an unproven cut, and one on outranks it") {
  Engine e = two_feeds();
  e.sample(kFeed, 0, 0);
  e.sample(kFeed2, 0, 0);
  e.sample(kCh4, 1.6, 1);
  e.sample(kFeed2, 0, 2, Quality::comm_loss);
  // Off until 2 s, so unknown from then: proven not cut 2 s later.
  CHECK_FALSE(reports(e.tick(3.999), kNotCut));
  const Condition unknown = only(e.tick(4), kNotCut);
  CHECK(unknown.level == "feed_unknown");
  CHECK(unknown.rank == 1);
  CHECK(unknown.message ==
        "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 顺槽馈电状态 状态不明（通信中断），不能确认已断电");
  // The other feed comes back on: proven not cut, and both named by what each says.
  e.sample(kFeed, 1, 4.5);
  const Condition on = only(e.tick(6.5), kNotCut);
  CHECK(on.level == "power_not_cut");
  CHECK(on.rank == 2);
  CHECK(on.message ==
        "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态 2 秒 后仍有电，馈电 "
        "顺槽馈电状态 状态不明（通信中断），不能确认已断电");
}

TEST_CASE("each feed has its own cut time: a feed coming back on does not delay one never cut") {
  Engine e = two_feeds();
  e.tick(0);
  e.sample(kFeed, 1, 0);
  e.sample(kFeed2, 0, 0);
  e.sample(kCh4, 1.6, 10);
  e.sample(kFeed2, 1, 11);  // re-energised 1 s into the cut time
  CHECK(e.engine.next_deadline() == steady(12));
  const Condition c = only(e.tick(12), kNotCut);
  CHECK(c.message == "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态 2 秒 后仍有电");
  // The second feed's own time runs out a second later: the alarm names it too.
  CHECK(only(e.tick(13), kNotCut).message ==
        "甲烷 1.60 %CH4 ≥ 断电值 1.50，馈电 工作面馈电状态、顺槽馈电状态 2 秒 后仍有电");
}

}  // namespace sw::rules::test
