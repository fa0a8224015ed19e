// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared helpers for the hazard engine's tests: a clock in seconds, points and levels as the coal
// profiles define them, and an engine harness that returns the conditions of each call.
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/condition.hpp"
#include "rules/point_rules.hpp"
#include "rules/rule_engine.hpp"

namespace Catch {
// Steady times print as seconds after the tests' origin (steady(0)).
template <>
struct StringMaker<sw::SteadyTime> {
  static std::string convert(sw::SteadyTime t) {
    if (t == sw::SteadyTime::max()) return "never";
    if (t == sw::SteadyTime::min()) return "the distant past";
    const auto origin = sw::SteadyTime{} + std::chrono::hours(1000);
    return std::to_string(std::chrono::duration<double>(t - origin).count()) + " s";
  }
};
}  // namespace Catch

namespace sw::rules::test {

using namespace std::chrono_literals;

// Seconds after a fixed instant, on both clocks (the wall clock at 2026-05-28), so times in
// failures read as small numbers.
inline SteadyTime steady(double seconds) {
  return SteadyTime{} + std::chrono::hours(1000) +
         std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}
inline WallTime wall(double seconds) {
  return from_epoch_ms(1'780'000'000'000 + static_cast<std::int64_t>(std::llround(seconds * 1000)));
}

// A point; with a poll period it goes stale after two periods and a second without a sample (the
// default 0 leaves staleness out of tests about other things).
inline PointInfo point(const std::string& id, const std::string& name = "",
                       const std::string& unit = "%CH4", Millis poll_period = 0s) {
  PointInfo p;
  p.id = id;
  p.name = name;
  p.unit = unit;
  p.poll_period = poll_period;
  return p;
}

inline LimitLevel high(const std::string& name, double threshold, std::optional<double> restore,
                       int priority = 2, bool cuts_power = false) {
  LimitLevel l;
  l.level = name;
  l.direction = Direction::high;
  l.threshold = threshold;
  l.restore = restore;
  l.priority = priority;
  l.cuts_power = cuts_power;
  l.clause = "煤矿安全规程 第498条";
  return l;
}

inline LimitLevel low(const std::string& name, double threshold, std::optional<double> restore,
                      int priority = 2) {
  LimitLevel l = high(name, threshold, restore, priority);
  l.direction = Direction::low;
  l.clause = "煤矿安全规程 第135条";
  return l;
}

// 煤矿安全规程 第498条, 采煤工作面回风隅角: alarm at 1.0, power cut at 1.5, restore below 1.0.
inline PointRules return_corner(const std::string& id) {
  PointRules r;
  r.point = id;
  r.limits = {high("alarm", 1.0, 1.0, 2), high("power_cut", 1.5, 1.0, 1, true)};
  r.limits[0].label = "报警值";
  r.limits[1].label = "断电值";
  // What a high-gas coal mine's site defaults give (config/site_hazard_defaults.cpp).
  r.fault_clause = "煤矿重大事故隐患判定标准 第十八条(六) 安全监控系统不能正常运行";
  r.fault_hazard_category = "其他重大事故隐患";
  r.cut_clause =
      "煤矿重大事故隐患判定标准 第五条(二) 瓦斯超限后继续作业 / 第七条(二) 瓦斯超限后不能断电";
  r.cut_hazard_category = "瓦斯超限作业";
  r.calibration_clause = "煤矿重大事故隐患判定标准 第七条(二) 未按照国家规定调校甲烷传感器";
  r.calibration_hazard_category = "高瓦斯矿井监控系统不能正常运行";
  r.masked_clause =
      "煤矿重大事故隐患判定标准 第七条(二) 人为造成甲烷传感器失效 / 第十八条(六) "
      "对系统数据进行屏蔽";
  r.masked_hazard_category = "高瓦斯矿井监控系统不能正常运行";
  return r;
}

// The engine with a clock: each call returns only the conditions it produced.
struct Engine {
  RuleEngine engine;
  std::vector<Condition> out;

  Engine(std::vector<PointInfo> points, std::vector<PointRules> rules,
         std::vector<CompositeRule> composites = {})
      : engine(std::move(points), std::move(rules), std::move(composites)) {}

  const std::vector<Condition>& sample(const std::string& id, double value, double seconds,
                                       Quality quality = Quality::good,
                                       const std::string& reason = "") {
    out.clear();
    Sample s;
    // An id the engine does not know gets an index past its points (counted as unknown).
    s.point = engine.index_of(id).value_or(std::numeric_limits<PointIndex>::max());
    s.value = value;
    s.quality = quality;
    s.time = wall(seconds);
    s.reason = reason;
    engine.on_sample(s, steady(seconds), out);
    return out;
  }
  const std::vector<Condition>& tick(double seconds) {
    out.clear();
    engine.tick(steady(seconds), wall(seconds), out);
    return out;
  }
  const std::vector<Condition>& tick_at_wall(double seconds, WallTime wall_now) {
    out.clear();
    engine.tick(steady(seconds), wall_now, out);
    return out;
  }
};

// The conditions of one source, in order.
inline std::vector<Condition> of(const std::vector<Condition>& conditions,
                                 const std::string& source) {
  std::vector<Condition> out;
  for (const auto& c : conditions)
    if (c.source == source) out.push_back(c);
  return out;
}

// The only condition of `source` in `conditions` (fails the test when there is not exactly one).
inline Condition only(const std::vector<Condition>& conditions, const std::string& source) {
  const auto found = of(conditions, source);
  INFO("conditions of " << source);
  REQUIRE(found.size() == 1);
  return found.front();
}

inline bool reports(const std::vector<Condition>& conditions, const std::string& source) {
  return !of(conditions, source).empty();
}

}  // namespace sw::rules::test
