// SPDX-License-Identifier: Apache-2.0
// Standard profiles as data: the built-in files parse, carry the numbers DOMAIN.md gives with their
// clauses, and a site can add or replace profiles from its own directory.
#include <fstream>

#include "options/config_error.hpp"
#include "rules/profile_library.hpp"
#include "rules_fixtures.hpp"
#include "support/temp_dir.hpp"

namespace sw::rules::test {

namespace {
const LimitLevel& level_of(const Profile& p, const std::string& name) {
  for (const auto& l : p.limits)
    if (l.level == name) return l;
  FAIL("profile " << p.name << " has no level " << name);
  throw std::logic_error("unreachable");
}

const Profile& builtin(const std::string& name) {
  static const ProfileLibrary library = ProfileLibrary::builtin();
  const Profile* p = library.find(name);
  INFO("profile " << name);
  REQUIRE(p != nullptr);
  return *p;
}
}  // namespace

TEST_CASE("every built-in profile parses, and each level carries a clause and a label") {
  const ProfileLibrary lib = ProfileLibrary::builtin();
  const auto names = lib.names();
  CHECK(names.size() >= 40);
  for (const auto& name : names) {
    const Profile& p = *lib.find(name);
    INFO(name);
    CHECK_FALSE(p.description.empty());
    CHECK_FALSE(p.label.empty());
    // Status points (a bypass switch) have no unit; where no number is known to us the site sets
    // the levels (industry.toml says so per profile), and only those may come without levels.
    const bool status_point = name.starts_with("chemical.");
    const bool site_sets_levels = name.starts_with("gb50028.") || name.starts_with("non_coal.");
    if (!site_sets_levels) CHECK(p.unit.empty() == status_point);
    CHECK_FALSE(p.quantity.empty());
    CHECK_FALSE(p.clause.empty());
    CHECK(p.limits.empty() == site_sets_levels);
    for (const auto& l : p.limits) {
      INFO(l.level);
      CHECK_FALSE(l.clause.empty());
      CHECK_FALSE(l.label.empty());
      CHECK(l.rank >= 1);
      CHECK_FALSE(level_problem(l));
    }
    CHECK_FALSE(levels_problem(p.limits));
  }
}

TEST_CASE("coal methane profiles follow the 第498条 table, one per location") {
  struct Row {
    const char* name;
    double alarm;
    std::optional<double> power_cut;
    double restore;
  };
  // 煤矿安全规程 第498条 (DOMAIN.md §1): alarm ≥, power-cut ≥, restore <.
  const Row rows[] = {
      {"coal.methane.return_corner", 1.0, 1.5, 1.0},
      {"coal.methane.working_face", 1.0, 1.5, 1.0},
      {"coal.methane.outburst_working_face", 1.0, 1.5, 1.0},
      {"coal.methane.return_airway", 1.0, 1.0, 1.0},
      {"coal.methane.outburst_intake_airway", 0.5, 0.5, 0.5},
      {"coal.methane.series_intake_airway", 0.5, 0.5, 0.5},
      {"coal.methane.return_airway_middle", 1.0, 1.0, 1.0},
      {"coal.methane.shearer", 1.0, 1.5, 1.0},
      {"coal.methane.heading", 1.0, 1.5, 1.0},
      {"coal.methane.heading_return", 1.0, 1.0, 1.0},
      {"coal.methane.heading_machine", 1.0, 1.5, 1.0},
      {"coal.methane.district_return", 1.0, 1.0, 1.0},
      {"coal.methane.main_return", 0.75, std::nullopt, 0.75},
      {"coal.methane.trolley_loading_point", 0.5, 0.5, 0.5},
      {"coal.methane.coal_bunker", 1.5, 1.5, 1.5},
      {"coal.methane.drainage_pump_house", 0.5, std::nullopt, 0.5},
  };
  for (const auto& row : rows) {
    const Profile& p = builtin(row.name);
    INFO(row.name);
    CHECK(p.quantity == "methane");
    CHECK(p.unit == "%CH4");
    CHECK(p.label == "甲烷");
    CHECK(p.clause == "煤矿安全规程 第498条");
    CHECK(p.retention == Millis{93LL * 24 * 3600 * 1000});
    CHECK(p.major_fault_after == Millis{3600 * 1000});
    const LimitLevel& alarm = level_of(p, "alarm");
    CHECK(alarm.direction == Direction::high);
    CHECK(alarm.threshold == row.alarm);
    CHECK_FALSE(alarm.cuts_power);
    CHECK(alarm.priority == 2);
    CHECK(alarm.rank == 1);
    if (row.power_cut) {
      REQUIRE(p.limits.size() == 2);
      const LimitLevel& cut = level_of(p, "power_cut");
      CHECK(cut.threshold == *row.power_cut);
      CHECK(cut.restore_level() == row.restore);
      CHECK(cut.cuts_power);
      CHECK(cut.priority == 1);
      CHECK(cut.rank == 2);  // above alarm even where both are 1.0 %CH4
      CHECK(cut.label == "断电值");
      CHECK_FALSE(p.cut_scope.empty());
    } else {
      CHECK(p.limits.size() == 1);  // alarm only
    }
  }
}

TEST_CASE("coal air quality: O2 at least 20 %vol, CO2 and toxic gases at most (第135条)") {
  const LimitLevel& o2 = level_of(builtin("coal.o2.intake"), "low");
  CHECK(o2.direction == Direction::low);
  CHECK(o2.threshold == 20.0);
  CHECK(o2.clause == "煤矿安全规程 第135条");
  CHECK(level_of(builtin("coal.co2.intake"), "high").threshold == 0.5);
  const std::pair<const char*, double> maxima[] = {
      {"coal.co", 24}, {"coal.no2", 2.5}, {"coal.so2", 5}, {"coal.h2s", 6.6}, {"coal.nh3", 40}};
  for (const auto& [name, max] : maxima) {
    INFO(name);
    const Profile& p = builtin(name);
    CHECK(p.unit == "ppm");
    const LimitLevel& l = level_of(p, "high");
    CHECK(l.threshold == max);
    CHECK(l.clause == "煤矿安全规程 第135条");
  }
}

TEST_CASE("coal wind speed has a low and a high limit per place (第136条)") {
  const std::tuple<const char*, std::optional<double>, double> places[] = {
      {"coal.wind.working_face", 0.25, 4},  {"coal.wind.coal_heading", 0.25, 4},
      {"coal.wind.rock_heading", 0.15, 4},  {"coal.wind.district_airway", 0.25, 6},
      {"coal.wind.trolley_airway", 1.0, 8}, {"coal.wind.main_airway", std::nullopt, 8}};
  for (const auto& [name, min, max] : places) {
    INFO(name);
    const Profile& p = builtin(name);
    CHECK(p.unit == "m/s");
    CHECK(level_of(p, "high").threshold == max);
    if (min) {
      const LimitLevel& l = level_of(p, "low");
      CHECK(l.direction == Direction::low);
      CHECK(l.threshold == *min);
      CHECK(l.rank == 1);
    }
  }
}

TEST_CASE("coal temperature shortens hours, then stops work (第655条)") {
  const Profile& face = builtin("coal.temperature.working_face");
  CHECK(level_of(face, "shorten_hours").threshold == 26);
  CHECK(level_of(face, "stop_work").threshold == 30);
  CHECK(level_of(face, "stop_work").rank == 2);
  const Profile& room = builtin("coal.temperature.machine_room");
  CHECK(level_of(room, "shorten_hours").threshold == 30);
  CHECK(level_of(room, "stop_work").threshold == 34);
}

TEST_CASE("GB/T 50493-2019 §5.5.2: combustible 25/50 %LEL, O2 19.5/23.5, toxic by gas") {
  const Profile& lel = builtin("gbt50493.combustible");
  CHECK(lel.unit == "%LEL");
  CHECK(level_of(lel, "level1").threshold == 25);
  CHECK(level_of(lel, "level2").threshold == 50);
  CHECK(level_of(lel, "level2").rank == 2);
  CHECK(lel.clause == "GB/T 50493-2019 §5.5.2");
  CHECK(lel.retention == Millis{30LL * 24 * 3600 * 1000});
  const Profile& o2 = builtin("gbt50493.o2");
  CHECK(level_of(o2, "deficiency").direction == Direction::low);
  CHECK(level_of(o2, "deficiency").threshold == 19.5);
  CHECK(level_of(o2, "enrichment").threshold == 23.5);
  const std::tuple<const char*, double, double> toxic[] = {
      {"gbt50493.h2s", 10, 20}, {"gbt50493.co", 20, 40},      {"gbt50493.nh3", 20, 40},
      {"gbt50493.cl2", 1, 2},   {"gbt50493.benzene", 6, 12},  {"gbt50493.so2", 5, 10},
      {"gbt50493.hcn", 1, 2},   {"gbt50493.phosgene", 0.5, 1}};
  for (const auto& [name, l1, l2] : toxic) {
    INFO(name);
    const Profile& p = builtin(name);
    CHECK(p.unit == "mg/m³");
    CHECK(level_of(p, "level1").threshold == l1);
    CHECK(level_of(p, "level2").threshold == l2);
  }
  CHECK(level_of(builtin("gbt50493.combustible_open_path"), "level2").threshold == 2);
}

TEST_CASE("GB 50838 utility tunnel 20/35 %LEL and GB 50156 filling station 25 %LEL") {
  const Profile& tunnel = builtin("gb50838.gas_compartment");
  CHECK(level_of(tunnel, "alarm").threshold == 20);
  CHECK(level_of(tunnel, "shut_off").threshold == 35);
  CHECK_FALSE(tunnel.major_fault_after);  // not a coal mine: no 第十八条(六) escalation by default
  CHECK(level_of(builtin("gb50156.filling_station"), "level1").threshold == 25);
}

TEST_CASE("profiles load from text: a table with values is a profile named by its path") {
  ProfileLibrary lib;
  lib.load_text(R"(
[site.ch4.pump_room]
description = "泵房"
label = "甲烷"
quantity = "methane"
unit = "%CH4"
clause = "企业标准 Q/XX 3.2"
stuck_after = "2h"
limits = [{ level = "alarm", above = 0.4 }, { level = "power_cut", above = 0.6, restore = 0.4, cuts_power = true, priority = 1 }]
)",
                "site.toml");
  const Profile* p = lib.find("site.ch4.pump_room");
  REQUIRE(p != nullptr);
  CHECK(p->source == "site.toml");
  CHECK(p->stuck_after == Millis{2 * 3600 * 1000});
  REQUIRE(p->limits.size() == 2);
  CHECK(p->limits[0].level == "alarm");
  CHECK(p->limits[0].clause == "企业标准 Q/XX 3.2");  // the profile's clause for levels naming none
  CHECK(p->limits[1].restore == 0.4);
  CHECK(lib.names() == std::vector<std::string>{"site.ch4.pump_room"});
}

TEST_CASE("a site's profile replaces a built-in one of the same name") {
  ProfileLibrary lib = ProfileLibrary::builtin();
  lib.load_text(R"(
[coal.methane.main_return]
description = "总回风巷"
label = "甲烷"
quantity = "methane"
unit = "%CH4"
clause = "煤矿安全规程(2025) 第536条"
limits = [{ level = "alarm", above = 0.7 }]
)",
                "mine.toml");
  CHECK(lib.find("coal.methane.main_return")->clause == "煤矿安全规程(2025) 第536条");
  CHECK(lib.find("coal.methane.main_return")->limits[0].threshold == 0.7);
  CHECK(lib.find("coal.methane.heading") != nullptr);
}

TEST_CASE("profile errors name file, line and column") {
  ProfileLibrary lib;
  SECTION("restore on the trip side of a high level") {
    CHECK_THROWS_WITH(lib.load_text("[a.b]\nunit = \"%CH4\"\nlimits = [\n  { level = \"alarm\", "
                                    "above = 1.0, restore = 1.2 },\n]\n",
                                    "p.toml"),
                      Catch::StartsWith("p.toml:4:3: a.b.limits[0]: restore 1.2 is above the "
                                        "threshold 1 of high level \"alarm\""));
  }
  SECTION("an unknown key") {
    CHECK_THROWS_WITH(lib.load_text("[a.b]\nunit = \"%CH4\"\nthreshold = 1\n", "p.toml"),
                      Catch::StartsWith("p.toml:3:") &&
                          Catch::Contains("a.b.threshold: unknown key; allowed are:"));
  }
  SECTION("a level defined twice") {
    CHECK_THROWS_WITH(lib.load_text("[a]\nlimits = [{ level = \"x\", above = 1 }, { level = \"x\", "
                                    "above = 2 }]\n",
                                    "p.toml"),
                      Catch::StartsWith("p.toml:2:39: a.limits[1]: level \"x\" is defined twice"));
  }
  SECTION("above and below together") {
    CHECK_THROWS_WITH(
        lib.load_text("[a]\nlimits = [{ level = \"x\", above = 1, below = 0 }]\n", "p.toml"),
        Catch::Contains("give either above (a high level) or below (a low level), not both"));
  }
  SECTION("a cut time of 0, refused in a profile as on a point (the keys are declared once)") {
    CHECK_THROWS_WITH(
        lib.load_text("[a]\nlimits = [{ level = \"x\", above = 1 }]\ncut_time = \"0s\"\n",
                      "p.toml"),
        Catch::StartsWith("p.toml:3:12: a.cut_time: expected a duration above 0"));
  }
  SECTION("a priority outside 1..4") {
    CHECK_THROWS_WITH(
        lib.load_text("[a]\nlimits = [{ level = \"x\", above = 1, priority = 5 }]\n", "p.toml"),
        Catch::StartsWith("p.toml:2:48: a.limits[0].priority: expected a priority 1..4"));
  }
  SECTION("a duration without a unit") {
    CHECK_THROWS_WITH(lib.load_text("[a]\nstuck_after = 60\n", "p.toml"),
                      Catch::StartsWith("p.toml:2:15: a.stuck_after: expected a duration string"));
  }
  SECTION("TOML syntax") {
    CHECK_THROWS_AS(lib.load_text("[a\n", "p.toml"), config::ConfigError);
  }
  SECTION("low and high levels that could be active together") {
    CHECK_THROWS_WITH(lib.load_text("[a]\nlimits = [{ level = \"lo\", below = 5 }, { level = "
                                    "\"hi\", above = 4 }]\n",
                                    "p.toml"),
                      Catch::Contains("both could be active at once"));
  }
}

TEST_CASE("a file with an error adds none of its profiles") {
  ProfileLibrary lib;
  CHECK_THROWS(lib.load_text("[a]\nunit = \"x\"\n[b]\nbogus = 1\n", "p.toml"));
  CHECK(lib.names().empty());
}

TEST_CASE("load_directory reads every *.toml in name order, later files replacing earlier ones") {
  sw::test::TempDir dir;
  dir.write("10-base.toml", "[x.y]\nunit = \"ppm\"\nlimits = [{ level = \"high\", above = 10 }]\n");
  dir.write("20-site.toml", "[x.y]\nunit = \"ppm\"\nlimits = [{ level = \"high\", above = 8 }]\n");
  dir.write("README.md", "not a profile");
  ProfileLibrary lib;
  lib.load_directory(dir.path().string());
  REQUIRE(lib.find("x.y") != nullptr);
  CHECK(lib.find("x.y")->limits[0].threshold == 8);
  CHECK(lib.find("x.y")->source == dir.file("20-site.toml"));
}

TEST_CASE("a missing profile directory is a config error naming it") {
  ProfileLibrary lib;
  CHECK_THROWS_WITH(
      lib.load_directory("/nonexistent/profiles"),
      Catch::StartsWith("/nonexistent/profiles:0:0: cannot read the profile directory"));
}

TEST_CASE("close names suggest typos and the same family") {
  const ProfileLibrary lib = ProfileLibrary::builtin();
  const auto close = lib.close_names("coal.methane.workingface");
  REQUIRE_FALSE(close.empty());
  CHECK(close.front() == "coal.methane.working_face");
  CHECK(close.size() <= 5);
  CHECK(lib.close_names("nothing-like-it").empty());
}

TEST_CASE("profile docs list every key, with the limit entry keys") {
  const auto docs = profile_docs();
  auto has = [&](const std::string& key) {
    return std::any_of(docs.begin(), docs.end(), [&](const auto& d) { return d.key == key; });
  };
  CHECK(has("clause"));
  CHECK(has("limits"));
  CHECK(has("limits[].above"));
  CHECK(has("limits[].restore"));
  CHECK(has("retention"));
}

TEST_CASE(
    "industry profiles: SIS bypass and interlock cut-out trip on the switch, no invented levels") {
  const Profile& bypass = builtin("chemical.sis_bypass");
  CHECK(level_of(bypass, "bypass_on").threshold == 0.5);
  CHECK_FALSE(level_of(bypass, "bypass_on").major_hazard);  // the site's procedure sets the time
  CHECK(bypass.clause.find("四") != std::string::npos);
  CHECK(level_of(builtin("chemical.interlock_cutout"), "interlock_cut_out").threshold == 0.5);
  // GB 50028 and the non-coal 判定标准 give no number we know: the site sets the levels.
  CHECK(builtin("gb50028.leak_detector").limits.empty());
  CHECK(builtin("non_coal.tailings_water_level").limits.empty());
}

}  // namespace sw::rules::test
