// SPDX-License-Identifier: Apache-2.0
// One cause, one alarm (issue 17 §6): a device that does not answer raises one device_offline
// alarm, and its points' sensor faults are held back while it lasts; a major-hazard step never is.
#include <algorithm>

#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
PointInfo on_device(PointInfo p, const std::string& device, const std::string& quantity = "") {
  p.bus = "face-3";
  p.device = device;
  p.quantity = quantity;
  return p;
}

// A turn of the rules thread: the samples, then finish_turn(); all the conditions it produced.
struct Turns {
  Engine e;
  std::vector<Condition> turn(const std::vector<std::pair<std::string, Quality>>& samples,
                              double seconds, double value = 0.3) {
    std::vector<Condition> all;
    for (const auto& [id, quality] : samples) {
      const auto& out = e.sample(id, value, seconds, quality);
      all.insert(all.end(), out.begin(), out.end());
    }
    e.engine.finish_turn(wall(seconds), all);
    return all;
  }
};

std::vector<Condition> active(const std::vector<Condition>& out, const std::string& rule) {
  std::vector<Condition> found;
  std::copy_if(out.begin(), out.end(), std::back_inserter(found),
               [&](const Condition& c) { return c.active && c.rule == rule; });
  return found;
}

PointRules faults(const std::string& id, std::optional<Millis> major_after = std::nullopt) {
  PointRules r = return_corner(id);
  r.major_fault_after = major_after;
  return r;
}

const std::vector<std::string> kIds{"t1.ch4", "t1.co", "t1.o2"};

Turns three_point_device(std::optional<Millis> major_after = std::nullopt) {
  std::vector<PointInfo> infos;
  std::vector<PointRules> rules;
  for (const auto& id : kIds) {
    infos.push_back(on_device(point(id, id + " 名"), "unit 1"));
    rules.push_back(faults(id, major_after));
  }
  return Turns{Engine(infos, rules)};
}

std::vector<std::pair<std::string, Quality>> all_of(Quality q) {
  std::vector<std::pair<std::string, Quality>> out;
  for (const auto& id : kIds) out.emplace_back(id, q);
  return out;
}
}  // namespace

TEST_CASE("a device that does not answer raises one device_offline alarm, not a fault per point") {
  Turns t = three_point_device();
  const auto first = t.turn(all_of(Quality::good), 0);
  // Its first judgement: online, reported so a restored alarm would be reconciled.
  REQUIRE(std::count_if(first.begin(), first.end(),
                        [](const Condition& c) { return c.rule == "device_offline"; }) == 1);

  const auto down = t.turn(all_of(Quality::comm_loss), 1);
  CHECK(active(down, "sensor_fault").empty());
  const auto offline = active(down, "device_offline");
  REQUIRE(offline.size() == 1);
  CHECK(offline[0].source == "t1.ch4/device_offline");
  CHECK(offline[0].point == "t1.ch4");
  CHECK(offline[0].priority == 1);  // it holds a head whose levels cut power
  CHECK_FALSE(offline[0].major_hazard);
  CHECK_THAT(offline[0].message, Catch::Contains("unit 1") && Catch::Contains("3 个测点") &&
                                     Catch::Contains("t1.co 名"));

  // Still silent: nothing new.
  CHECK(t.turn(all_of(Quality::comm_loss), 2).empty());

  // It answers again: the device alarm ends; no fault was ever raised.
  const auto back = t.turn(all_of(Quality::good), 3);
  CHECK(active(back, "sensor_fault").empty());
  REQUIRE(std::count_if(back.begin(), back.end(), [](const Condition& c) {
            return c.rule == "device_offline" && !c.active;
          }) == 1);
}

TEST_CASE("a point still failing when its device answers again raises its own fault") {
  Turns t = three_point_device();
  t.turn(all_of(Quality::good), 0);
  t.turn(all_of(Quality::comm_loss), 1);
  t.turn({{"t1.ch4", Quality::good}, {"t1.co", Quality::device_fault}, {"t1.o2", Quality::good}},
         2);
  const auto next = t.turn(
      {{"t1.ch4", Quality::good}, {"t1.co", Quality::device_fault}, {"t1.o2", Quality::good}}, 3);
  const auto fault = active(next, "sensor_fault");
  REQUIRE(fault.size() == 1);
  CHECK(fault[0].point == "t1.co");
}

TEST_CASE("one point failing on its own is a fault of its own, its device is not offline") {
  Turns t = three_point_device();
  t.turn(all_of(Quality::good), 0);
  const auto out = t.turn(
      {{"t1.ch4", Quality::comm_loss}, {"t1.co", Quality::good}, {"t1.o2", Quality::good}}, 1);
  REQUIRE(active(out, "sensor_fault").size() == 1);
  CHECK(active(out, "device_offline").empty());
}

TEST_CASE(
    "a head unreadable past major_fault_after is a major hazard even while its device is "
    "offline") {
  Turns t = three_point_device(60s);
  t.turn(all_of(Quality::good), 0);
  t.turn(all_of(Quality::comm_loss), 1);
  std::vector<Condition> later = t.e.tick(61);
  t.e.engine.finish_turn(wall(61), later);
  const auto major = active(later, "sensor_fault");
  REQUIRE(major.size() == 3);
  for (const auto& c : major) {
    CHECK(c.level == "fault_unrestored");
    CHECK(c.major_hazard);
  }
}

TEST_CASE("a camera that stops answering raises device_offline, not video_loss and three faults") {
  const auto plain = [](const std::string& id) {
    PointRules r;
    r.point = id;
    return r;
  };
  PointRules online = plain("cam1.online");
  online.limits = {low("video_loss", 0.5, 0.5)};
  Turns t{Engine({on_device(point("cam1.online"), "cam1", "camera_online"),
                  on_device(point("cam1.response_ms"), "cam1", "response_time"),
                  on_device(point("cam1.video"), "cam1", "video_signal"),
                  on_device(point("cam1.codec"), "cam1", "codec")},
                 {online, plain("cam1.response_ms"), plain("cam1.video"), plain("cam1.codec")})};
  t.turn({{"cam1.online", Quality::good},
          {"cam1.response_ms", Quality::good},
          {"cam1.video", Quality::good},
          {"cam1.codec", Quality::good}},
         0, 1);
  std::vector<Condition> out = t.e.sample("cam1.online", 0, 1);  // online 0: a good reading
  for (const auto& id : {"cam1.response_ms", "cam1.video", "cam1.codec"}) {
    const auto& more = t.e.sample(id, 0, 1, Quality::comm_loss);
    out.insert(out.end(), more.begin(), more.end());
  }
  t.e.engine.finish_turn(wall(1), out);
  CHECK(active(out, "sensor_fault").empty());
  CHECK(active(out, "limit").empty());
  REQUIRE(active(out, "device_offline").size() == 1);
  CHECK(active(out, "device_offline")[0].priority == 2);
}

TEST_CASE("a device of one point keeps its point's fault") {
  Turns t{Engine({on_device(point("a1.wind"), "unit 3")}, {faults("a1.wind")})};
  t.turn({{"a1.wind", Quality::good}}, 0);
  const auto out = t.turn({{"a1.wind", Quality::comm_loss}}, 1);
  CHECK(active(out, "sensor_fault").size() == 1);
  CHECK(active(out, "device_offline").empty());
}

}  // namespace sw::rules::test
