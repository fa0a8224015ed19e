// SPDX-License-Identifier: Apache-2.0
// A reload hands the engine of the old config to the engine of the new one (RuleEngine::
// carry_over): an unchanged point goes on as if nothing happened — no second report of what is
// active, delays and cut timers running on from where they were — and a changed one judges afresh.
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFeed = "face3.feed";
const std::string kNotCut = "face3.ch4/power_not_cut";

PointRules methane(Millis cut_time = 2s) {
  PointRules r = return_corner(kCh4);
  r.feed_points = {kFeed};
  r.cut_time = cut_time;
  return r;
}

std::vector<PointInfo> face_points() {
  PointInfo feed = point(kFeed, "馈电", "");
  feed.is_switch = true;
  // The new config may number the points differently: the feed comes first here.
  return {point(kCh4, "甲烷"), feed};
}

// The same site as the new config would read it: points in another order.
std::vector<PointInfo> reordered(std::vector<PointInfo> points) {
  std::reverse(points.begin(), points.end());
  return points;
}
}  // namespace

TEST_CASE("after a reload an active power-not-cut hazard is neither cleared nor raised again") {
  Engine before(face_points(), {methane()});
  before.tick(0);
  before.sample(kFeed, 1, 0);
  before.sample(kCh4, 1.6, 0);
  REQUIRE(only(before.tick(2), kNotCut).active);

  Engine after(reordered(face_points()), {methane()});
  after.engine.carry_over(before.engine, steady(3));
  CHECK_FALSE(reports(after.tick(3), kNotCut));
  // Readings go on as before: still active, nothing new to say.
  CHECK(after.sample(kFeed, 1, 4).empty());
  CHECK(after.sample(kCh4, 1.6, 4).empty());
  // The latest values came along, with their points renumbered.
  REQUIRE(after.engine.latest(kCh4) != nullptr);
  CHECK(after.engine.latest(kCh4)->value == 1.6);
  CHECK(after.engine.latest(kCh4)->point == *after.engine.index_of(kCh4));
  // And it clears when the feed goes off, as it would have without the reload.
  CHECK_FALSE(only(after.sample(kFeed, 0, 5), kNotCut).active);
}

TEST_CASE("a cut timer running at a reload runs on: the hazard comes on time, not 2 s later") {
  Engine before(face_points(), {methane()});
  before.tick(0);
  before.sample(kFeed, 1, 0);
  before.sample(kCh4, 1.6, 0);  // the cut is due; the feed must be off by 2 s
  before.tick(1);

  Engine after(face_points(), {methane()});
  after.engine.carry_over(before.engine, steady(1.5));
  after.tick(1.5);
  CHECK(after.engine.next_deadline() == steady(2));
  CHECK(only(after.tick(2), kNotCut).active);
}

TEST_CASE("reloads faster than a delay cannot hold the delay off forever") {
  PointRules r = methane();
  r.limits[0].on_delay = 5s;
  Engine e(face_points(), {r});
  e.tick(0);
  e.sample(kFeed, 0, 0);
  e.sample(kCh4, 1.2, 0);
  std::vector<Condition> raised;
  // A new engine every second, each taking over from the one before.
  auto current = std::make_unique<Engine>(face_points(), std::vector<PointRules>{r});
  current->engine.carry_over(e.engine, steady(0.5));
  for (int second = 1; second <= 6; ++second) {
    current->sample(kCh4, 1.2, second);
    for (const auto& c : current->out) raised.push_back(c);
    for (const auto& c : current->tick(second)) raised.push_back(c);
    auto next = std::make_unique<Engine>(face_points(), std::vector<PointRules>{r});
    next->engine.carry_over(current->engine, steady(second + 0.5));
    current = std::move(next);
  }
  const auto limit = of(raised, "face3.ch4/limit");
  REQUIRE(limit.size() == 1);
  CHECK(limit[0].active);
  CHECK(limit[0].level == "alarm");
  CHECK(limit[0].time == wall(5));  // 5 s after the trip, as without reloads
}

TEST_CASE("a point whose limits changed judges afresh, keeping its latest value") {
  Engine before(face_points(), {methane()});
  before.tick(0);
  before.sample(kFeed, 0, 0);
  REQUIRE(only(before.sample(kCh4, 1.2, 0), "face3.ch4/limit").active);

  PointRules stricter = methane();
  stricter.limits[0].threshold = 0.8;
  Engine after(face_points(), {stricter});
  after.engine.carry_over(before.engine, steady(1));
  REQUIRE(after.engine.latest(kCh4) != nullptr);
  CHECK(after.engine.latest(kCh4)->value == 1.2);
  // Its next reading is a first evaluation under the new limits: reported.
  CHECK(only(after.sample(kCh4, 1.2, 2), "face3.ch4/limit").active);
  // The feed's own rules did not change: nothing new about it.
  CHECK(after.sample(kFeed, 0, 2).empty());
}

namespace {
const std::string kFeed2 = "face3.feed2";

std::vector<PointInfo> two_feed_points() {
  std::vector<PointInfo> points = face_points();
  points.push_back(point(kFeed2, "顺槽馈电", ""));
  return points;
}

PointRules methane_fed_by(std::vector<PointId> feeds) {
  PointRules r = methane();
  r.feed_points = std::move(feeds);
  return r;
}

// Methane at the power-cut level with both feeds on: power not cut from 2 s.
void raise_not_cut(Engine& e) {
  e.tick(0);
  e.sample(kFeed, 1, 0);
  e.sample(kFeed2, 1, 0);
  e.sample(kCh4, 1.6, 0);
  REQUIRE(only(e.tick(2), kNotCut).active);
}
}  // namespace

TEST_CASE("a reload keeping a point's feed list carries its power-not-cut state") {
  Engine before(two_feed_points(), {methane_fed_by({kFeed, kFeed2})});
  raise_not_cut(before);
  Engine after(reordered(two_feed_points()), {methane_fed_by({kFeed, kFeed2})});
  after.engine.carry_over(before.engine, steady(3));
  CHECK_FALSE(reports(after.tick(3), kNotCut));
  CHECK(after.sample(kCh4, 1.6, 4).empty());
  CHECK(after.sample(kFeed2, 1, 4).empty());
  // Still judged over both feeds: one off is not enough.
  CHECK(only(after.sample(kFeed, 0, 5), kNotCut).active);
  CHECK_FALSE(only(after.sample(kFeed2, 0, 6), kNotCut).active);
}

TEST_CASE("a reload changing a point's feed list judges its power cut afresh") {
  Engine before(two_feed_points(), {methane_fed_by({kFeed, kFeed2})});
  raise_not_cut(before);
  // The comparison is by ids in the config's order: another order is a change too (the order of
  // the names in the alarm's text).
  const std::vector<PointId> feeds =
      GENERATE(std::vector<PointId>{kFeed}, std::vector<PointId>{kFeed2, kFeed});
  Engine after(two_feed_points(), {methane_fed_by(feeds)});
  after.engine.carry_over(before.engine, steady(3));
  CHECK_FALSE(reports(after.tick(3), kNotCut));
  // The next reading is a first evaluation: reported, the cut time counting from it.
  CHECK(reports(after.sample(kCh4, 1.6, 4), kNotCut));
  CHECK(only(after.tick(6), kNotCut).active);
}

TEST_CASE("a point the old config did not have counts its silence from the reload") {
  Engine before({point(kCh4, "甲烷", "%CH4", 10s)}, {return_corner(kCh4)});
  before.tick(0);
  before.sample(kCh4, 0.3, 0);

  const std::string kCo = "face3.co";
  Engine after({point(kCh4, "甲烷", "%CH4", 10s), point("face3.co", "一氧化碳", "ppm", 10s)},
               {return_corner(kCh4)});
  after.engine.carry_over(before.engine, steady(15));
  after.tick(15);
  // Stale after 21 s: methane from its last sample at 0 s, CO from the reload at 15 s.
  CHECK(of(after.tick(21), "face3.ch4/fault").size() == 1);
  CHECK(of(after.out, kCo + "/fault").empty());
  CHECK(of(after.tick(36), kCo + "/fault").size() == 1);
}

}  // namespace sw::rules::test
