// SPDX-License-Identifier: Apache-2.0
// Composite rules: expressions over points (muparser), with point ids as names, "<point>.ok" for
// quality, and on/off delays.
#include "rules/expression.hpp"
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {
const std::string kCh4 = "face3.ch4";
const std::string kFeed = "face3.feed";
const std::string kSource = "rule/ch4_power_on";

CompositeRule power_on_rule(Millis on_delay = 2s) {
  CompositeRule r;
  r.name = "ch4_power_on";
  r.expression = "face3.ch4 >= 1.5 && face3.feed >= 0.5";
  r.point = kCh4;
  r.level = "power_not_cut";
  r.priority = 1;
  r.on_delay = on_delay;
  r.major_hazard = true;
  r.hazard_category = "瓦斯超限作业";
  r.clause = "煤矿重大事故隐患判定标准 第五条(二)";
  r.message = "甲烷超限未断电";
  return r;
}

Engine face(const CompositeRule& rule) {
  return Engine({point(kCh4), point(kFeed)}, {}, {rule});
}
}  // namespace

TEST_CASE("methane >= power-cut level and the feed still on after 2 s is a major hazard (rule)") {
  Engine e = face(power_on_rule());
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.4, 0);
  CHECK_FALSE(reports(e.sample(kCh4, 1.6, 10), kSource));
  CHECK_FALSE(reports(e.tick(11.999), kSource));
  const Condition c = only(e.tick(12), kSource);
  CHECK(c.active);
  CHECK(c.rule == "ch4_power_on");
  CHECK(c.point == kCh4);
  CHECK(c.level == "power_not_cut");
  CHECK(c.priority == 1);
  CHECK(c.major_hazard);
  CHECK(c.hazard_category == "瓦斯超限作业");
  CHECK(c.clause == "煤矿重大事故隐患判定标准 第五条(二)");
  CHECK(c.message == "甲烷超限未断电");
  CHECK(c.value == 1.6);
  CHECK(c.time == wall(12));
}

TEST_CASE("the feed going off within 2 s means no hazard (rule)") {
  Engine e = face(power_on_rule());
  e.sample(kFeed, 1, 0);
  e.sample(kCh4, 0.4, 0);
  e.sample(kCh4, 1.6, 10);
  CHECK_FALSE(reports(e.sample(kFeed, 0, 11.5), kSource));
  CHECK_FALSE(reports(e.tick(30), kSource));
}

TEST_CASE("a composite rule is first reported once every point it reads has reported") {
  Engine e = face(power_on_rule());
  CHECK_FALSE(reports(e.sample(kCh4, 0.4, 0), kSource));
  const Condition c = only(e.sample(kFeed, 1, 1), kSource);
  CHECK_FALSE(c.active);
  CHECK(c.message == "ch4_power_on 已恢复");
}

TEST_CASE("a composite rule with an off-delay clears only after it") {
  CompositeRule r = power_on_rule(0s);
  r.off_delay = 5s;
  Engine e = face(r);
  e.sample(kFeed, 1, 0);
  CHECK(only(e.sample(kCh4, 1.6, 0), kSource).active);
  CHECK_FALSE(reports(e.sample(kFeed, 0, 1), kSource));
  CHECK_FALSE(reports(e.tick(5.999), kSource));
  CHECK_FALSE(only(e.tick(6), kSource).active);
}

TEST_CASE("a failed read makes a point NaN: its comparisons are false") {
  Engine e = face(power_on_rule(0s));
  e.sample(kFeed, 1, 0);
  CHECK(only(e.sample(kCh4, 1.6, 0), kSource).active);
  const Condition c = only(e.sample(kCh4, 0, 1, Quality::comm_loss), kSource);
  CHECK_FALSE(c.active);
  CHECK(std::isnan(c.value));
}

TEST_CASE("<point>.ok is 1 while the point's quality is good") {
  CompositeRule r;
  r.name = "ch4_not_monitored";
  r.expression = "!face3.ch4.ok && face3.feed >= 0.5";
  r.point = kCh4;
  Engine e = face(r);
  e.sample(kFeed, 1, 0);
  CHECK_FALSE(only(e.sample(kCh4, 0.3, 0), "rule/ch4_not_monitored").active);
  CHECK(only(e.sample(kCh4, 0, 1, Quality::comm_loss), "rule/ch4_not_monitored").active);
  CHECK_FALSE(only(e.sample(kCh4, 0.3, 2), "rule/ch4_not_monitored").active);
}

TEST_CASE("a stale point reads as NaN and not ok in rules") {
  CompositeRule r;
  r.name = "feed_lost";
  r.expression = "!face3.feed.ok";
  r.point = kFeed;
  Engine e({point(kCh4), point(kFeed, "", "", 1s)}, {}, {r});
  e.tick(0);
  CHECK_FALSE(only(e.sample(kFeed, 1, 0), "rule/feed_lost").active);
  CHECK(only(e.tick(3), "rule/feed_lost").active);
}

TEST_CASE("a rule is judged when any of its points changes, and only then") {
  CompositeRule r;
  r.name = "two_heads";
  r.expression = "face3.ch4 >= 1 || face3.ch4b >= 1";
  r.point = kCh4;
  Engine e({point(kCh4), point("face3.ch4b"), point("elsewhere")}, {}, {r});
  e.sample(kCh4, 0.2, 0);
  e.sample("face3.ch4b", 0.2, 0);
  CHECK_FALSE(reports(e.sample("elsewhere", 5, 1), "rule/two_heads"));
  CHECK(only(e.sample("face3.ch4b", 1.2, 2), "rule/two_heads").active);
}

TEST_CASE("expressions take point ids with '.', '-' and '_' and the usual operators") {
  double a = 1.6;
  double b = 1;
  auto bind = [&](const std::string& name, std::string& problem) -> double* {
    if (name == "face-3.ch4_main") return &a;
    if (name == "face-3.feed") return &b;
    problem = "unknown point \"" + name + "\"";
    return nullptr;
  };
  Expression x("face-3.ch4_main >= 1.5 && !(face-3.feed < 0.5)", bind);
  CHECK(x.evaluate() == 1);
  b = 0;
  CHECK(x.evaluate() == 0);
  CHECK(x.variables() == std::vector<std::string>{"face-3.ch4_main", "face-3.feed"});
  CHECK(Expression("max(face-3.ch4_main, 2) > 1 || face-3.feed != 0", bind).evaluate() == 1);
}

TEST_CASE("'!' binds tighter than && and comparisons, like a unary minus") {
  double v = 0;
  auto bind = [&](const std::string&, std::string&) { return &v; };
  CHECK(Expression("!x && x", bind).evaluate() == 0);  // (!x) && x
  CHECK(Expression("!(x && x)", bind).evaluate() == 1);
  CHECK(Expression("!x + 5", bind).evaluate() == 6);
}

TEST_CASE("an expression naming an unknown point does not compile, and says which") {
  auto bind = [](const std::string& name, std::string& problem) -> double* {
    problem = "unknown point \"" + name + "\"";
    return nullptr;
  };
  CHECK_THROWS_WITH(Expression("face3.ch5 > 1", bind), Catch::Contains("face3.ch5"));
}

TEST_CASE("a syntax error says where") {
  double v = 0;
  auto bind = [&](const std::string&, std::string&) { return &v; };
  try {
    Expression("face3.ch4 >=", bind);
    FAIL("compiled");
  } catch (const ExpressionError& e) {
    CHECK(e.position() >= 12);  // muparser points at (or just past) the end
  }
}

TEST_CASE("names_in lists the point names of an expression, not functions or numbers") {
  CHECK(names_in("face3.ch4 >= 1.5e-3 && max(a.b, 2) > _pi || !c-d.ok") ==
        std::vector<std::string>{"face3.ch4", "a.b", "c-d.ok"});
}

}  // namespace sw::rules::test
