// SPDX-License-Identifier: Apache-2.0
// The engine as the rules thread uses it: every source reported once at first, timers exposed
// through next_deadline(), the latest sample per point, unknown points counted.
#include <stdexcept>

#include <toml++/toml.h>

#include "rules/point_rules_parser.hpp"
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFeed = "face3.feed";

PointRules everything(const std::string& id) {
  PointRules r = return_corner(id);
  r.feed_points = {kFeed};
  r.rate_max = 1.0;
  r.stuck_after = 1h;
  r.major_fault_after = 1h;
  r.calibration_due = "2030-01-01";
  return r;
}
}  // namespace

TEST_CASE(
    "after a restart every source of a point is reported once, so the alarm book can "
    "reconcile what it restored") {
  Engine e({point(kCh4), point(kFeed)}, {everything(kCh4)});
  const auto& first_tick = e.tick(0);
  CHECK_FALSE(only(first_tick, "face3.ch4/calibration").active);
  const auto& first = e.sample(kCh4, 0.3, 0);
  for (const char* source : {"face3.ch4/limit", "face3.ch4/fault", "face3.ch4/power_not_cut",
                             "face3.ch4/rate", "face3.ch4/stuck"}) {
    INFO(source);
    CHECK_FALSE(only(first, source).active);
  }
  CHECK(only(e.sample(kFeed, 1, 0), "face3.feed/fault").point == kFeed);
  // Then silence while nothing changes.
  CHECK(e.sample(kCh4, 0.31, 1).empty());
  CHECK(e.sample(kFeed, 1, 1).empty());
  CHECK(e.tick(2).empty());
}

TEST_CASE("a source already active at the first evaluation is reported active") {
  Engine e({point(kCh4)}, {return_corner(kCh4)});
  const Condition c = only(e.sample(kCh4, 1.7, 0), "face3.ch4/limit");
  CHECK(c.active);
  CHECK(c.level == "power_cut");
}

TEST_CASE("conditions carry the sample's observation time, not the processing time") {
  Engine e({point(kCh4)}, {return_corner(kCh4)});
  Sample s;
  s.point = *e.engine.index_of(kCh4);
  s.value = 1.2;
  s.time = wall(100);
  e.engine.on_sample(s, steady(105), e.out);
  CHECK(only(e.out, "face3.ch4/limit").time == wall(100));
}

TEST_CASE("next_deadline is in the past before the first tick, then the earliest pending timer") {
  PointRules r = return_corner(kCh4);
  r.limits[0].on_delay = 5s;
  r.fault_after = 30s;
  Engine e({point(kCh4, "", "%CH4", 10s)}, {r});  // stale after 21 s
  CHECK(e.engine.next_deadline() < steady(0));
  e.tick(0);
  CHECK(e.engine.next_deadline() == steady(21));
  e.sample(kCh4, 1.1, 1);
  CHECK(e.engine.next_deadline() == steady(6));  // the alarm's on-delay
  e.tick(6);
  // Staleness is swept at the earliest stale moment known at the last sweep (21 s, from the start):
  // never later than the real one, and the sweep there finds it moved to 22 s (the sample at 1 s).
  CHECK(e.engine.next_deadline() == steady(21));
  CHECK(e.tick(21).empty());
  CHECK(e.engine.next_deadline() == steady(22));
  e.tick(22);
  CHECK(e.engine.latest(kCh4)->quality == Quality::stale);
}

TEST_CASE("with nothing pending next_deadline is never, and tick has nothing to do") {
  Engine e({point(kCh4)}, {return_corner(kCh4)});
  e.tick(0);
  e.sample(kCh4, 0.3, 0);
  CHECK(e.engine.next_deadline() == SteadyTime::max());
  CHECK(e.tick(1000).empty());
}

TEST_CASE("a tick before the next deadline changes nothing") {
  PointRules r = return_corner(kCh4);
  r.limits[0].on_delay = 5s;
  Engine e({point(kCh4)}, {r});
  e.tick(0);
  e.sample(kCh4, 1.1, 0);
  CHECK(e.tick(1).empty());
  CHECK(e.engine.next_deadline() == steady(5));
}

TEST_CASE("latest gives the last sample per point, and nothing for points never heard") {
  Engine e({point(kCh4), point(kFeed)}, {});
  CHECK(e.engine.latest(kCh4) == nullptr);
  CHECK(e.engine.latest("nowhere") == nullptr);
  e.sample(kCh4, 0.42, 3, Quality::good);
  const Sample* s = e.engine.latest(kCh4);
  REQUIRE(s != nullptr);
  CHECK(s->value == 0.42);
  CHECK(s->time == wall(3));
  e.sample(kCh4, 0, 4, Quality::comm_loss, "timeout");
  CHECK(e.engine.latest(kCh4)->quality == Quality::comm_loss);
  CHECK(e.engine.latest(kCh4)->reason == "timeout");
  CHECK(e.engine.latest(kFeed) == nullptr);
}

TEST_CASE("samples of unknown points are counted, never silently dropped") {
  Engine e({point(kCh4)}, {});
  CHECK(e.sample("ghost", 1, 0).empty());
  CHECK(e.engine.unknown_samples() == 1);
}

TEST_CASE("a point without rules still gets fault detection") {
  Engine e({point("pump.running")}, {});
  e.sample("pump.running", 1, 0);
  CHECK(only(e.sample("pump.running", 0, 1, Quality::comm_loss), "pump.running/fault").active);
}

TEST_CASE("the engine refuses rules that name unknown points") {
  PointRules feedless = return_corner(kCh4);
  feedless.feed_points = {"nowhere"};
  CHECK_THROWS_AS(RuleEngine({point(kCh4)}, {feedless}, {}), std::invalid_argument);
  CHECK_THROWS_AS(RuleEngine({point(kCh4)}, {return_corner("other")}, {}), std::invalid_argument);
  CompositeRule c;
  c.name = "r";
  c.expression = "nowhere > 1";
  c.point = kCh4;
  CHECK_THROWS_WITH(RuleEngine({point(kCh4)}, {}, {c}), Catch::Contains("nowhere"));
  CHECK_THROWS_AS(RuleEngine({point(kCh4), point(kCh4)}, {}, {}), std::invalid_argument);
}

TEST_CASE("from the site config: a return-corner methane point with its feed, end to end") {
  // As the site config would declare it (the profile gives 第498条's numbers).
  const toml::table root = toml::parse(R"(
[[point]]
id = "face3.ch4"
profile = "coal.methane.return_corner"
feed = "face3.feed"
[[point]]
id = "face3.feed"
)",
                                       std::string("site.toml"));
  const ProfileLibrary profiles = ProfileLibrary::builtin();
  PointRulesParser parser(profiles);
  std::vector<PointInfo> infos;
  std::vector<PointRules> rules;
  for (std::size_t i = 0; i < 2; ++i) {
    const toml::table& t = *root["point"][i].as_table();
    PointInfo info;
    info.id = *t["id"].value<std::string>();
    rules.push_back(parser.parse(t, config::Context{"site.toml", "point"}, info, 1s));
    infos.push_back(info);
  }
  check_references(infos, rules, {});
  Engine e(infos, rules);
  e.tick(0);
  e.sample("face3.feed", 1, 0);
  e.sample("face3.ch4", 0.4, 0);
  const Condition cut = only(e.sample("face3.ch4", 1.62, 1), "face3.ch4/limit");
  CHECK(cut.level == "power_cut");
  // 第498条: the cut names what it switches off (the profile's 断电范围).
  CHECK(cut.message ==
        "甲烷 1.62 %CH4 ≥ 断电值 1.50，断电范围：工作面及其回风巷内全部非本质安全型电气设备");
  CHECK(cut.clause == "煤矿安全规程 第498条");
  e.sample("face3.feed", 1, 2);
  const Condition hazard = only(e.tick(3), "face3.ch4/power_not_cut");
  CHECK(hazard.major_hazard);
  CHECK(hazard.time == wall(3));
}

}  // namespace sw::rules::test

namespace sw::rules::test {

TEST_CASE("a good-quality sample that is not a number counts as a failed read") {
  Engine e({point("face3.ch4")}, {return_corner("face3.ch4")});
  e.sample("face3.ch4", 1.2, 0);
  const auto& cs = e.sample("face3.ch4", std::numeric_limits<double>::quiet_NaN(), 1);
  CHECK(only(cs, "face3.ch4/fault").active);
  CHECK_FALSE(reports(cs, "face3.ch4/limit"));  // held, not cleared
  CHECK(e.engine.latest("face3.ch4")->quality == Quality::out_of_range);
}

}  // namespace sw::rules::test
