// SPDX-License-Identifier: Apache-2.0
// The rule keys of a point table: a profile by name, overrides that change only what they give,
// and errors that name file:line:column.
#include <toml++/toml.h>

#include "options/config_error.hpp"
#include "rules/point_rules_parser.hpp"
#include "rules_fixtures.hpp"

namespace sw::rules::test {

namespace {

const ProfileLibrary& profiles() {
  static const ProfileLibrary lib = ProfileLibrary::builtin();
  return lib;
}

// Parses the rule keys of `point` (a TOML table body such as `id = "face3.ch4"\nprofile = ...`)
// as the site config would: the point sits at bus[0].point[0] of site.toml, line 3 onwards.
struct Parsed {
  PointInfo info;
  PointRules rules;
};
Parsed parse_point(const std::string& body, Millis poll_period = 1s) {
  const std::string text = "[[bus]]\n[[bus.point]]\n" + body + "\n";
  const toml::table root = toml::parse(text, std::string("site.toml"));
  const toml::table& table = *root["bus"][0]["point"][0].as_table();
  Parsed p;
  p.info.id = table["id"].value_or(std::string("face3.ch4"));
  p.info.name = table["name"].value_or(std::string());
  p.info.unit = table["unit"].value_or(std::string());
  p.info.quantity = table["quantity"].value_or(std::string());
  PointRulesParser parser(profiles());
  p.rules =
      parser.parse(table, config::Context{"site.toml", "bus[0].point[0]"}, p.info, poll_period);
  return p;
}

const LimitLevel& level_of(const PointRules& r, const std::string& name) {
  for (const auto& l : r.limits)
    if (l.level == name) return l;
  FAIL("no level " << name);
  throw std::logic_error("unreachable");
}

CompositeRule parse_rule(const std::string& body) {
  const std::string text = "[[rule]]\n" + body + "\n";
  const toml::table root = toml::parse(text, std::string("site.toml"));
  PointRulesParser parser(profiles());
  return parser.parse_composite(*root["rule"][0].as_table(),
                                config::Context{"site.toml", "rule[0]"});
}

}  // namespace

TEST_CASE("a point with a profile gets its levels, clause and defaults") {
  const Parsed p = parse_point("id = \"face3.ch4\"\nprofile = \"coal.methane.return_corner\"");
  CHECK(p.rules.point == "face3.ch4");
  CHECK(p.rules.profile == "coal.methane.return_corner");
  REQUIRE(p.rules.limits.size() == 2);
  CHECK(level_of(p.rules, "alarm").threshold == 1.0);
  CHECK(level_of(p.rules, "power_cut").threshold == 1.5);
  CHECK(level_of(p.rules, "power_cut").restore_level() == 1.0);
  CHECK(level_of(p.rules, "power_cut").clause == "煤矿安全规程 第498条");
  CHECK(p.rules.major_fault_after == Millis{3600 * 1000});
  CHECK(p.rules.retention == Millis{93LL * 24 * 3600 * 1000});
  CHECK(p.rules.cut_time == 2s);
  // The point leaves quantity, unit and name empty: the profile fills them.
  CHECK(p.info.quantity == "methane");
  CHECK(p.info.unit == "%CH4");
  CHECK(p.info.name == "甲烷");
}

TEST_CASE("a point's own name, quantity and unit are kept") {
  const Parsed p = parse_point(
      "id = \"face3.ch4\"\nname = \"回风隅角甲烷\"\nunit = \"%CH4\"\nprofile = "
      "\"coal.methane.return_corner\"");
  CHECK(p.info.name == "回风隅角甲烷");
}

TEST_CASE("a limit entry naming a profile level overrides only the fields it gives") {
  const Parsed p = parse_point(
      "profile = \"coal.methane.return_corner\"\n"
      "limits = [{ level = \"power_cut\", above = 1.2, on_delay = \"1s\" }]");
  const LimitLevel& cut = level_of(p.rules, "power_cut");
  CHECK(cut.threshold == 1.2);
  CHECK(cut.on_delay == 1s);
  CHECK(cut.restore_level() == 1.0);  // the profile's hysteresis stays
  CHECK(cut.cuts_power);
  CHECK(cut.priority == 1);
  CHECK(cut.label == "断电值");
  CHECK(level_of(p.rules, "alarm").threshold == 1.0);  // untouched
}

TEST_CASE("moving a level without hysteresis moves its restore with it") {
  // The profile's alarm is 1.0 / restore 1.0: a stricter 0.8 restores below 0.8, not below 1.0.
  const Parsed p = parse_point(
      "profile = \"coal.methane.return_corner\"\nlimits = [{ level = \"alarm\", above = 0.8 }]");
  CHECK(level_of(p.rules, "alarm").threshold == 0.8);
  CHECK(level_of(p.rules, "alarm").restore_level() == 0.8);
}

TEST_CASE("a limit entry with a new level name adds a level, ranked by severity") {
  const Parsed p = parse_point(
      "profile = \"coal.methane.return_corner\"\n"
      "limits = [{ level = \"pre_alarm\", label = \"预警值\", above = 0.8, priority = 3 }]");
  REQUIRE(p.rules.limits.size() == 3);
  CHECK(p.rules.limits[0].level == "pre_alarm");
  CHECK(p.rules.limits[0].rank == 1);
  CHECK(p.rules.limits[0].clause == "煤矿安全规程 第498条");
  CHECK(level_of(p.rules, "alarm").rank == 2);
  CHECK(level_of(p.rules, "power_cut").rank == 3);
}

TEST_CASE("a point without a profile gives its own levels") {
  const Parsed p = parse_point(
      "limits = [{ level = \"high\", above = 80, restore = 75, clause = \"工艺卡 T-101\" }]");
  REQUIRE(p.rules.limits.size() == 1);
  CHECK(p.rules.limits[0].restore == 75);
  CHECK(p.rules.limits[0].clause == "工艺卡 T-101");
}

TEST_CASE("the point's clause replaces the profile's on every level, a level's own wins") {
  const Parsed p = parse_point(
      "profile = \"coal.methane.return_corner\"\nclause = \"煤矿安全规程(2025) 第536条\"\n"
      "limits = [{ level = \"power_cut\", clause = \"第536条 断电\" }]");
  CHECK(level_of(p.rules, "alarm").clause == "煤矿安全规程(2025) 第536条");
  CHECK(level_of(p.rules, "power_cut").clause == "第536条 断电");
}

TEST_CASE("the other rule keys are read, and the point's values beat the profile's") {
  const Parsed p = parse_point(
      "id = \"face3.ch4\"\nprofile = \"coal.methane.return_corner\"\nfeed = \"face3.feed\"\n"
      "cut_time = \"3s\"\nrate_max = 0.5\nstuck_after = \"4h\"\nfault_after = \"10s\"\n"
      "major_fault_after = \"30m\"\nstale_after = \"20s\"\ncalibration_due = \"2026-12-31\"\n"
      "deadband = 0.02\nfault_clause = \"F\"\ncut_clause = \"C\"\ncut_hazard_category = \"H\"\n"
      "calibration_clause = \"K\"");
  const PointRules& r = p.rules;
  CHECK(r.feed_points == std::vector<std::string>{"face3.feed"});
  CHECK(r.feed_place.key == "bus[0].point[0].feed");
  CHECK(r.feed_place.position.line == 5);
  CHECK(r.cut_time == 3s);
  CHECK(r.rate_max == 0.5);
  CHECK(r.stuck_after == Millis{4 * 3600 * 1000});
  CHECK(r.fault_after == 10s);
  CHECK(r.major_fault_after == Millis{30 * 60 * 1000});
  CHECK(r.stale_after == 20s);
  CHECK(r.calibration_due == "2026-12-31");
  CHECK(r.deadband == 0.02);
  CHECK(r.fault_clause == "F");
  CHECK(r.cut_clause == "C");
  CHECK(r.cut_hazard_category == "H");
  CHECK(r.calibration_clause == "K");
}

TEST_CASE("stale_after defaults to two poll periods and a second") {
  CHECK(parse_point("limits = []", 2s).rules.stale_after == 5s);
  CHECK_FALSE(parse_point("limits = []", 0s).rules.stale_after);
}

TEST_CASE("keys that are not rule keys are left to their owners") {
  const Parsed p = parse_point("id = \"x\"\naddress = 40001\nprofile = \"gbt50493.combustible\"");
  CHECK(p.rules.limits.size() == 2);
}

TEST_CASE("an unknown profile is an error at its key, listing close names") {
  CHECK_THROWS_WITH(
      parse_point("id = \"face3.ch4\"\nprofile = \"coal.methane.workingface\""),
      Catch::StartsWith("site.toml:4:11: bus[0].point[0].profile: unknown profile "
                        "\"coal.methane.workingface\"; close names: coal.methane.working_face"));
  CHECK_THROWS_WITH(parse_point("profile = \"zzz\""),
                    Catch::Contains("unknown profile \"zzz\"; known profiles: chemical."));
}

TEST_CASE("a bad limit names line and column: restore above the threshold of a high level") {
  CHECK_THROWS_WITH(
      parse_point("id = \"x\"\nlimits = [\n  { level = \"alarm\", above = 1.0 },\n  { level = "
                  "\"high\", above = 2.0, restore = 2.5 },\n]"),
      Catch::StartsWith("site.toml:6:3: bus[0].point[0].limits[1]: restore 2.5 is above the "
                        "threshold 2 of high level \"high\""));
}

TEST_CASE("an override that breaks the profile's hysteresis says where the other value came from") {
  // power_cut restores below 1.0 (profile); moving the threshold to 0.9 puts the restore above it.
  CHECK_THROWS_WITH(
      parse_point("profile = \"coal.methane.return_corner\"\n"
                  "limits = [{ level = \"power_cut\", above = 0.9 }]"),
      Catch::StartsWith("site.toml:4:11: bus[0].point[0].limits[0]: restore 1 is above the "
                        "threshold 0.9 of high level \"power_cut\"") &&
          Catch::Contains("the other value comes from profile \"coal.methane.return_corner\""));
}

TEST_CASE("a low level restoring below its threshold is refused") {
  CHECK_THROWS_WITH(parse_point("limits = [{ level = \"low\", below = 20, restore = 19 }]"),
                    Catch::Contains("restore 19 is below the threshold 20 of low level \"low\""));
}

TEST_CASE("a level name within 2 edits of a profile's level is a typo, unless new_level = true") {
  CHECK_THROWS_WITH(
      parse_point("profile = \"coal.methane.return_corner\"\n"
                  "limits = [{ level = \"alram\", above = 0.8 }]"),
      Catch::StartsWith("site.toml:4:") &&
          Catch::Contains("level \"alram\" is not one of profile \"coal.methane.return_corner\"'s "
                          "levels (alarm, power_cut) but is close to \"alarm\": a typo? (write "
                          "new_level = true to add a level of its own)"));
  const Parsed meant = parse_point(
      "profile = \"coal.methane.return_corner\"\n"
      "limits = [{ level = \"alram\", above = 0.8, priority = 3, new_level = true }]");
  CHECK(meant.rules.limits.size() == 3);
  // Far from every profile level: a new level as before.
  CHECK(parse_point("profile = \"coal.methane.return_corner\"\n"
                    "limits = [{ level = \"pre_alarm\", above = 0.8, priority = 3 }]")
            .rules.limits.size() == 3);
}

TEST_CASE("a new level needs above or below") {
  CHECK_THROWS_WITH(
      parse_point("profile = \"coal.methane.return_corner\"\n"
                  "limits = [{ level = \"alram\", new_level = true }]"),
      Catch::Contains("new level \"alram\" needs `above` (a high level) or `below` (a low level); "
                      "levels of profile \"coal.methane.return_corner\": alarm, power_cut"));
}

TEST_CASE("an unknown key in a limit entry lists the allowed ones") {
  CHECK_THROWS_WITH(
      parse_point("limits = [{ level = \"a\", above = 1, trip = 2 }]"),
      Catch::StartsWith("site.toml:3:") &&
          Catch::Contains("bus[0].point[0].limits[0].trip: unknown key; allowed are: above, "
                          "below, clause,"));
}

TEST_CASE("limits must be an array of tables") {
  CHECK_THROWS_WITH(parse_point("limits = \"above 1\""),
                    Catch::StartsWith("site.toml:3:10: bus[0].point[0].limits: expected an array"));
  CHECK_THROWS_WITH(
      parse_point("limits = [1]"),
      Catch::StartsWith("site.toml:3:11: bus[0].point[0].limits[0]: expected a table"));
}

TEST_CASE("calibration_due must be a real date") {
  CHECK_THROWS_WITH(parse_point("calibration_due = \"2026-02-30\""),
                    Catch::StartsWith("site.toml:3:19: bus[0].point[0].calibration_due: expected a "
                                      "calendar date written YYYY-MM-DD"));
}

TEST_CASE("a feed without a level that cuts power is refused") {
  CHECK_THROWS_WITH(
      parse_point("profile = \"coal.methane.main_return\"\nfeed = \"x.feed\""),
      Catch::StartsWith("site.toml:4:8: bus[0].point[0].feed: feed is set but no limit level cuts "
                        "power; add cuts_power = true to a level (levels: alarm)"));
}

TEST_CASE("feed may name several feed points, each placed at its array element") {
  const Parsed p = parse_point(
      "profile = \"coal.methane.return_corner\"\nfeed = [\"face3.feed\", \"face3.feed2\"]");
  CHECK(p.rules.feed_points == std::vector<std::string>{"face3.feed", "face3.feed2"});
  REQUIRE(p.rules.feed_places.size() == 2);
  CHECK(p.rules.feed_places[1].key == "bus[0].point[0].feed[1]");
  CHECK(p.rules.feed_places[1].position.line == 4);
  CHECK(p.rules.feed_places[1].position.column == 23);
  // One id as a string is the same as before.
  const Parsed one = parse_point("profile = \"coal.methane.return_corner\"\nfeed = \"face3.feed\"");
  CHECK(one.rules.feed_points == std::vector<std::string>{"face3.feed"});
  CHECK(one.rules.feed_places[0].key == "bus[0].point[0].feed");
}

TEST_CASE("a feed that is no point id, or an array of them with none or one twice, is refused") {
  const std::string methane = "profile = \"coal.methane.return_corner\"\n";
  CHECK_THROWS_WITH(parse_point(methane + "feed = []"),
                    Catch::StartsWith("site.toml:4:8: bus[0].point[0].feed: expected at least "
                                      "one feed point id; leave `feed` out"));
  CHECK_THROWS_WITH(parse_point(methane + "feed = 1"),
                    Catch::StartsWith("site.toml:4:8: bus[0].point[0].feed: expected a point id "
                                      "or an array of point ids"));
  CHECK_THROWS_WITH(parse_point(methane + "feed = [\"face3.feed\", 2]"),
                    Catch::StartsWith("site.toml:4:23: bus[0].point[0].feed[1]: expected a point "
                                      "id (a string)"));
  CHECK_THROWS_WITH(
      parse_point(methane + "feed = [\"face3.feed\", \"face3.feed\"]"),
      Catch::StartsWith("site.toml:4:23: bus[0].point[0].feed[1]: feed point \"face3.feed\" is "
                        "named twice (also at bus[0].point[0].feed[0])"));
  CHECK_THROWS_WITH(
      parse_point("profile = \"coal.methane.main_return\"\nfeed = [\"a\", \"b\"]"),
      Catch::StartsWith("site.toml:4:8: bus[0].point[0].feed: feed is set but no limit level "
                        "cuts power"));
}

TEST_CASE("a point in another unit than its profile must give every threshold") {
  CHECK_THROWS_WITH(
      parse_point("unit = \"ppm\"\nprofile = \"gbt50493.h2s\""),
      Catch::StartsWith("site.toml:3:8: bus[0].point[0].unit: unit \"ppm\" differs from profile "
                        "\"gbt50493.h2s\" (mg/m³)") &&
          Catch::Contains("(missing: level1, level2)"));
  const Parsed p = parse_point(
      "unit = \"ppm\"\nprofile = \"gbt50493.h2s\"\nlimits = [{ level = \"level1\", above = 7 }, "
      "{ level = \"level2\", above = 14 }]");
  CHECK(level_of(p.rules, "level2").threshold == 14);
  CHECK(p.info.unit == "ppm");
}

TEST_CASE("major_fault_after shorter than fault_after is refused") {
  // Both on the point: the key's own check (the same for points and profiles).
  CHECK_THROWS_WITH(parse_point("fault_after = \"2m\"\nmajor_fault_after = \"1m\""),
                    Catch::Contains("major_fault_after: must not be shorter than fault_after"));
}

TEST_CASE("wrong types are errors, never defaults") {
  CHECK_THROWS_WITH(
      parse_point("rate_max = \"fast\""),
      Catch::StartsWith("site.toml:3:12: bus[0].point[0].rate_max: expected a number"));
  CHECK_THROWS_WITH(parse_point("rate_max = 0"), Catch::Contains("expected a positive number"));
  CHECK_THROWS_WITH(parse_point("cut_time = 2"),
                    Catch::Contains("cut_time: expected a duration string"));
}

TEST_CASE("the parser's keys and docs cover every rule key and the limit entry") {
  PointRulesParser parser(profiles());
  for (const char* key :
       {"profile", "limits", "feed", "cut_time", "rate_max", "stuck_after", "fault_after",
        "major_fault_after", "stale_after", "calibration_due", "deadband", "clause"})
    CHECK(parser.keys().count(key) == 1);
  const auto docs = parser.docs();
  CHECK(std::any_of(docs.begin(), docs.end(),
                    [](const auto& d) { return d.key == "limits[].below"; }));
  CHECK_FALSE(PointRulesParser::composite_docs().empty());
}

TEST_CASE("a composite rule reads its keys, the point defaults to the first named") {
  const CompositeRule r = parse_rule(
      "name = \"ch4_power_on\"\nexpr = \"face3.ch4.ok && face3.ch4 >= 1.5 && face3.feed >= 0.5\"\n"
      "level = \"power_not_cut\"\npriority = 1\non_delay = \"2s\"\nmajor_hazard = true\n"
      "hazard_category = \"瓦斯超限作业\"\nclause = \"判定标准 第五条(二)\"");
  CHECK(r.name == "ch4_power_on");
  CHECK(r.point == "face3.ch4");
  CHECK(r.level == "power_not_cut");
  CHECK(r.on_delay == 2s);
  CHECK(r.major_hazard);
  CHECK(r.message == "ch4_power_on: face3.ch4.ok && face3.ch4 >= 1.5 && face3.feed >= 0.5");
  CHECK(r.expression_place.position.line == 3);
}

TEST_CASE("composite rule errors name their place") {
  CHECK_THROWS_WITH(
      parse_rule("name = \"x\"\nexpr = \"a >= \""),
      Catch::StartsWith("site.toml:3:") && Catch::Contains("rule[0].expr: expression:"));
  CHECK_THROWS_WITH(parse_rule("expr = \"a > 1\""),
                    Catch::Contains("rule[0].name: missing required key"));
  CHECK_THROWS_WITH(
      parse_rule("name = \"x\"\nexpr = \"a > 1\"\npriority = 0"),
      Catch::StartsWith("site.toml:4:12: rule[0].priority: expected a value in 1..4"));
  CHECK_THROWS_WITH(parse_rule("name = \"a b\"\nexpr = \"a > 1\""),
                    Catch::Contains("expected a name without spaces or '/'"));
  CHECK_THROWS_WITH(parse_rule("name = \"x\"\nexpr = \"1 > 0\""),
                    Catch::Contains("the expression names no point; give `point`"));
}

TEST_CASE("check_references accepts a consistent site") {
  PointRules ch4 = return_corner("face3.ch4");
  ch4.feed_points = {"face3.feed"};
  CompositeRule rule;
  rule.name = "r";
  rule.expression = "face3.ch4 >= 1.5 && face3.feed.ok";
  rule.point = "face3.ch4";
  CHECK_NOTHROW(check_references({point("face3.ch4"), point("face3.feed")}, {ch4}, {rule}));
}

TEST_CASE("check_references refuses unknown feeds, unknown points and duplicate rule names") {
  const std::vector<PointInfo> points{point("face3.ch4"), point("face3.feed")};
  SECTION("an unknown feed point, with close names, at the feed key") {
    PointRules r = return_corner("face3.ch4");
    r.feed_points = {"face3.fed"};
    r.feed_place = {{"site.toml", 12, 8}, "bus[0].point[0].feed"};
    CHECK_THROWS_WITH(check_references(points, {r}, {}),
                      Catch::StartsWith("site.toml:12:8: bus[0].point[0].feed: unknown point "
                                        "\"face3.fed\"; close names: face3.feed"));
  }
  SECTION("a point as its own feed") {
    PointRules r = return_corner("face3.ch4");
    r.feed_points = {"face3.ch4"};
    CHECK_THROWS_WITH(check_references(points, {r}, {}),
                      Catch::Contains("a point cannot be its own feed"));
  }
  SECTION("an unknown feed point in an array, at its element") {
    PointRules r = return_corner("face3.ch4");
    r.feed_points = {"face3.feed", "face3.fed2"};
    r.feed_place = {{"site.toml", 12, 8}, "bus[0].point[0].feed"};
    r.feed_places = {{{"site.toml", 12, 9}, "bus[0].point[0].feed[0]"},
                     {{"site.toml", 12, 23}, "bus[0].point[0].feed[1]"}};
    CHECK_THROWS_WITH(check_references(points, {r}, {}),
                      Catch::StartsWith("site.toml:12:23: bus[0].point[0].feed[1]: unknown point "
                                        "\"face3.fed2\"; close names: face3.feed"));
  }
  SECTION("a point among its own feeds, at its element") {
    PointRules r = return_corner("face3.ch4");
    r.feed_points = {"face3.feed", "face3.ch4"};
    r.feed_places = {{{"site.toml", 12, 9}, "bus[0].point[0].feed[0]"},
                     {{"site.toml", 12, 23}, "bus[0].point[0].feed[1]"}};
    CHECK_THROWS_WITH(check_references(points, {r}, {}),
                      Catch::StartsWith("site.toml:12:23: bus[0].point[0].feed[1]: a point cannot "
                                        "be its own feed"));
  }
  SECTION("a rule naming an unknown point in its expression") {
    CompositeRule c;
    c.name = "r";
    c.expression = "face3.ch5 > 1";
    c.point = "face3.ch4";
    c.expression_place = {{"site.toml", 30, 8}, "rule[0].expr"};
    CHECK_THROWS_WITH(check_references(points, {}, {c}),
                      Catch::StartsWith("site.toml:30:8: rule[0].expr: expression: unknown point "
                                        "\"face3.ch5\"; close names: face3.ch4"));
  }
  SECTION("a rule reported against an unknown point") {
    CompositeRule c;
    c.name = "r";
    c.expression = "face3.ch4 > 1";
    c.point = "face9.ch4";
    CHECK_THROWS_WITH(check_references(points, {}, {c}),
                      Catch::Contains("unknown point \"face9.ch4\""));
  }
  SECTION("two rules with one name") {
    CompositeRule c;
    c.name = "r";
    c.expression = "face3.ch4 > 1";
    c.point = "face3.ch4";
    c.place = {{"site.toml", 40, 1}, "rule[1]"};
    CHECK_THROWS_WITH(check_references(points, {}, {c, c}),
                      "site.toml:40:1: rule[1]: duplicate rule name \"r\"");
  }
  SECTION("a point id that clashes with another point's .ok") {
    CHECK_THROWS_WITH(check_references({point("a"), point("a.ok")}, {}, {}),
                      Catch::Contains("clashes with the quality of point \"a\""));
  }
}

}  // namespace sw::rules::test
