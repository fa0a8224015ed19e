// SPDX-License-Identifier: Apache-2.0
// A point's effective limits (issue 18, item 6): its profile's levels with the site's overrides,
// each with its clause, delays and where it comes from — from the running daemon
// (`sitewatchctl points --limits`) and from a config file (`sitewatchd --check-config FILE
// --explain POINT_ID`).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "console_site.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// The demo's return-corner methane point, stricter than its profile (alarm at 0.8 instead of 1.0)
// and with a notice level of the site's own.
const char* const kProfileLine = "profile = \"coal.methane.return_corner\"";
const char* const kWithOverrides =
    "profile = \"coal.methane.return_corner\"\n"
    "    limits = [{ level = \"alarm\", above = 0.8, restore = 0.8 }, { level = \"notice\", above "
    "= 0.5, "
    "priority = 3, on_delay = \"5s\" }]";

const json* level_of(const json& point, const std::string& name) {
  for (const auto& l : point["levels"])
    if (l.value("level", "") == name) return &l;
  return nullptr;
}

struct Run {
  int exit_code;
  std::string output;
};

Run explain(const TempDir& dir, const std::string& name, const std::string& config_text,
            const std::string& point) {
  const std::string path = dir.write(name + ".toml", config_text);
  auto argv = built_command("sitewatchd");
  argv.insert(argv.end(), {"--check-config", path, "--explain", point});
  ChildProcess p(argv, dir.file(name + ".log"));
  const auto code = p.wait_exit(20'000);
  REQUIRE(code.has_value());
  return {*code, p.log()};
}

std::string demo_with_overrides() {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/config/demo.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  const auto at = s.find(kProfileLine);
  REQUIRE(at != std::string::npos);
  s.replace(at, std::string(kProfileLine).size(), kWithOverrides);
  return s;
}

}  // namespace

TEST_CASE("points --limits shows each point's levels from its profile and the site's overrides") {
  SiteOptions options = console_site_options();
  options.replace.emplace(kProfileLine, kWithOverrides);
  ConsoleSite site(options);
  const auto all = site.await_json({"points", "--limits"},
                                   [](const json& points) { return points.size() == 5; });
  REQUIRE_FALSE(all.is_null());
  const json* ch4 = nullptr;
  for (const auto& p : all)
    if (p.value("id", "") == "face3.ch4") ch4 = &p;
  REQUIRE(ch4 != nullptr);
  INFO(ch4->dump());
  CHECK((*ch4)["profile"] == "coal.methane.return_corner");
  CHECK((*ch4)["feed"] == "face3.feed");
  REQUIRE((*ch4)["levels"].size() == 3);
  CHECK((*ch4)["levels"][0]["level"] == "notice");  // least severe first

  const json* alarm = level_of(*ch4, "alarm");
  REQUIRE(alarm != nullptr);
  CHECK((*alarm)["threshold"] == 0.8);
  CHECK((*alarm)["origin"] == "override");
  CHECK((*alarm)["clause"] == "煤矿安全规程 第498条");
  const json* cut = level_of(*ch4, "power_cut");
  REQUIRE(cut != nullptr);
  CHECK((*cut)["threshold"] == 1.5);
  CHECK((*cut)["cuts_power"] == true);
  CHECK((*cut)["priority"] == 1);
  CHECK((*cut)["origin"] == "profile");
  const json* notice = level_of(*ch4, "notice");
  REQUIRE(notice != nullptr);
  CHECK((*notice)["origin"] == "site");
  CHECK((*notice)["on_delay_ms"] == 5000);

  // For people: one row per level, a pattern narrows it to the points asked for.
  const auto table = site.ctl({"points", "--limits", "face3.ch4"});
  INFO(table.out << table.err);
  CHECK(table.code == 0);
  const auto lines = lines_of(table.out);
  REQUIRE(lines.size() == 4);  // header and three levels
  CHECK_THAT(lines[0], Catch::StartsWith("POINT") && Catch::Contains("CLAUSE"));
  CHECK_THAT(lines[2], Catch::Contains("alarm") && Catch::Contains("≥ 0.8 %CH4") &&
                           Catch::Contains("override") && Catch::Contains("第498条"));
  CHECK_THAT(lines[3],
             Catch::Contains("power_cut") && Catch::Contains("yes") && Catch::Contains("profile"));
}

TEST_CASE("check-config --explain prints a point's effective levels, delays and clauses") {
  TempDir dir;
  const auto run = explain(dir, "overrides", demo_with_overrides(), "face3.ch4");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("profile: coal.methane.return_corner"));
  CHECK_THAT(run.output,
             Catch::Contains("alarm (报警值): trips ≥ 0.80 %CH4, restores < 0.80 %CH4"));
  CHECK_THAT(run.output, Catch::Contains("clause: 煤矿安全规程 第498条; from: override"));
  CHECK_THAT(run.output, Catch::Contains("cuts power") && Catch::Contains("from: profile"));
  CHECK_THAT(run.output, Catch::Contains("notice: trips ≥ 0.50 %CH4") &&
                             Catch::Contains("on_delay 5s") && Catch::Contains("from: site"));
  CHECK_THAT(run.output, Catch::Contains("feed: face3.feed"));
}

TEST_CASE("check-config --explain of an unknown point fails and names the close ones") {
  TempDir dir;
  const auto run = explain(dir, "typo", demo_with_overrides(), "face3.cH4");
  INFO(run.output);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.output, Catch::Contains("no point \"face3.cH4\"") &&
                             Catch::Contains("close names: face3.ch4"));
}
