// SPDX-License-Identifier: Apache-2.0
// The site config: every error names file:line:column and what was expected; nothing malformed
// becomes a default.
#include <catch2/catch.hpp>

#include "config/site_config.hpp"
#include "config_error_text.hpp"
#include "support/site_under_test.hpp"

using sw::config::ConfigError;
using sw::config::parse_site_config;

namespace {
const std::string kHead = R"(
[site]
enterprise_code = "E1"
gateway_id = "gw1"
gas_class = "high"

[mqtt]
host = "127.0.0.1"
)";

const std::string kBus = R"(
[[bus]]
name = "b1"
driver = "modbus"
host = "127.0.0.1"
port = 1502
  [[bus.device]]
  name = "d1"
  unit = 1
    [[bus.device.point]]
    id = "p.ch4"
    address = 0
    profile = "coal.methane.working_face"
)";

using sw::config::test::error_of;
}  // namespace

TEST_CASE("the demo config is valid") {
  const auto cfg = parse_site_config(sw::test::source_file("config/demo.toml"), "demo.toml");
  CHECK(cfg.site.gateway_id == "gw-face3");
  CHECK(cfg.points.size() == 5);
  CHECK(cfg.buses.size() == 1);
  REQUIRE(cfg.point_rules.size() == 5);
  CHECK(cfg.mqtt.client_id == "sitewatch-gw-face3");
}

TEST_CASE("every example config under config/examples parses") {
  // Each is also run through sitewatchd --check-config (tests/integration/deploy).
  for (const char* name :
       {"config/examples/coal_face.toml", "config/examples/chemical_tank_farm.toml",
        "config/examples/gas_station.toml", "config/examples/non_coal_mine.toml",
        "config/examples/cameras.toml", "config/sitewatch.toml"}) {
    INFO(name);
    const std::string text = sw::test::source_file(name);  // throws when it is missing
    CHECK_NOTHROW(parse_site_config(text, name));
  }
}

TEST_CASE("a point picks up its profile's limits and clause") {
  const auto cfg = parse_site_config(kHead + kBus, "site.toml");
  REQUIRE(cfg.point_rules.size() == 1);
  const auto& r = cfg.point_rules[0];
  REQUIRE(r.limits.size() == 2);
  CHECK(r.limits[0].threshold == 1.0);
  CHECK(r.limits[1].threshold == 1.5);
  CHECK(r.limits[1].cuts_power);
  CHECK(r.limits[1].clause.find("498") != std::string::npos);
  CHECK(cfg.points[0].unit == "%CH4");  // from the profile
}

TEST_CASE("a syntax error names the line and column") {
  const auto e = error_of(kHead + "\n[store\npath = 1\n");
  CHECK(e.rfind("site.toml:10:", 0) == 0);
  CHECK(e.find("TOML syntax") != std::string::npos);
}

TEST_CASE("an unknown key is refused with the allowed ones") {
  const auto e = error_of(kHead + "prot = 1883\n");
  INFO(e);
  CHECK(e.rfind("site.toml:9:1: mqtt.prot: unknown key; allowed are:", 0) == 0);
  CHECK(e.find("port") != std::string::npos);
}

TEST_CASE("an unknown section is refused") {
  CHECK(error_of(kHead + "[mqttt]\nhost = \"x\"\n").find("unknown section") != std::string::npos);
}

TEST_CASE("a value of the wrong type is an error, never a default") {
  const auto e = error_of(kHead + "port = \"1883\"\n");
  CHECK(e.rfind("site.toml:9:8: mqtt.port: expected an integer", 0) == 0);
}

TEST_CASE("a number out of range names the range") {
  const auto e = error_of(kHead + "port = 70000\n");
  CHECK(e.find("mqtt.port: expected a value in 1..65535") != std::string::npos);
}

TEST_CASE("a duration needs its unit") {
  const auto e = error_of(kHead + "[store]\nprune_interval = 60\n");
  CHECK(e.find("store.prune_interval") != std::string::npos);
  CHECK(e.find("unit") != std::string::npos);
}

TEST_CASE("the store's disk budget takes sizes from 1MB up, and min_free a share or a size") {
  const auto cfg = parse_site_config(kHead + "[store]\nmax_size = \"64MB\"\nmin_free = \"200MB\"\n",
                                     "site.toml");
  CHECK(cfg.store.max_size.bytes == 64 << 20);
  REQUIRE(cfg.store.min_free.absolute);
  CHECK(cfg.store.min_free.absolute->bytes == 200 << 20);
  const auto defaults = parse_site_config(kHead, "site.toml");
  CHECK(defaults.store.max_size.bytes == std::int64_t{1} << 30);
  CHECK(defaults.store.min_free.percent == 5);
  CHECK_FALSE(defaults.store.min_free.absolute);

  CHECK(error_of(kHead + "[store]\nmax_size = \"512KB\"\n")
            .rfind("site.toml:10:12: store.max_size: must be at least \"1MB\"", 0) == 0);
  CHECK(error_of(kHead + "[store]\nmax_size = 64\n")
            .rfind("site.toml:10:12: store.max_size: expected a size string", 0) == 0);
  CHECK(error_of(kHead + "[store]\nmin_free = \"120%\"\n")
            .rfind("site.toml:10:12: store.min_free: expected a percentage", 0) == 0);
}

TEST_CASE("missing required keys and sections are named") {
  CHECK(error_of("[mqtt]\n").find("missing required section [site]") != std::string::npos);
  CHECK(error_of("[site]\ngateway_id = \"g\"\n[mqtt]\n")
            .find("site.enterprise_code: missing required key") != std::string::npos);
}

TEST_CASE("an unknown driver lists the available ones") {
  const auto e = error_of(kHead + "[[bus]]\nname = \"x\"\ndriver = \"opcua\"\n");
  CHECK(e.find("bus[0].driver: unknown driver \"opcua\"; available:") != std::string::npos);
  CHECK(e.find("modbus") != std::string::npos);
}

TEST_CASE("duplicate point ids are refused where the second one stands, naming the first place") {
  std::string two = kHead + kBus + R"(
    [[bus.device.point]]
    id = "p.ch4"
    address = 1
)";
  const auto e = error_of(two);
  CHECK(e.find("duplicate point id") != std::string::npos);
  CHECK(e.find("bus[0].device[0].point[1]") != std::string::npos);
  INFO(e);
  // The first id stands on line 18 of kHead + kBus, column 10.
  CHECK_THAT(e, Catch::Contains("duplicate point id \"p.ch4\" (first defined at site.toml:19:10)"));
}

TEST_CASE("an unknown profile suggests close names") {
  std::string text = kHead + kBus;
  text.replace(text.find("coal.methane.working_face"), 25, "coal.methane.workingface");
  CHECK(error_of(text).find("coal.methane.working_face") != std::string::npos);
}

TEST_CASE("a feed point that does not exist is refused") {
  std::string text = kHead + kBus + "    feed = \"nowhere\"\n";
  CHECK(error_of(text).find("nowhere") != std::string::npos);
}

TEST_CASE("the config reference lists every section and the drivers' keys") {
  const std::string ref = sw::config::config_reference_markdown();
  for (const char* section : {"[site]", "[mqtt]", "[mqtt.tls]", "[store]", "[console]",
                              "[telemetry]", "[alarms]", "driver modbus"})
    CHECK(ref.find(section) != std::string::npos);
}

TEST_CASE("the config reference lists the built-in profiles with their levels and clause") {
  const std::string ref = sw::config::config_reference_markdown();
  CHECK(ref.find("### Built-in profiles") != std::string::npos);
  const auto row = ref.find("| `coal.methane.return_corner` |");
  REQUIRE(row != std::string::npos);
  const std::string line = ref.substr(row, ref.find('\n', row) - row);
  CHECK_THAT(line, Catch::Contains("alarm 报警值 ≥ 1 / 1, p2") &&
                       Catch::Contains("power_cut 断电值 ≥ 1.5 / 1, p1, cuts power") &&
                       Catch::Contains("煤矿安全规程 第498条"));
  // docs/config.md is that reference, generated.
  CHECK(sw::test::source_file("docs/config.md").find(line) != std::string::npos);
}

TEST_CASE("the old site type name gas_station loads as gas_site, with a warning naming its place") {
  const std::string text = R"(
[site]
enterprise_code = "E1"
gateway_id = "gw1"
site_type = "gas_station"

[mqtt]
host = "127.0.0.1"
)" + kBus;
  const auto cfg = parse_site_config(text, "site.toml");
  CHECK(cfg.site.site_type == sw::config::SiteType::gas_site);
  REQUIRE(cfg.warnings.size() == 1);
  CHECK(cfg.warnings[0] ==
        "site.toml:5:13: site.site_type: \"gas_station\" is the old name of \"gas_site\"; write "
        "\"gas_site\"");
  CHECK(parse_site_config(kHead + kBus, "site.toml").warnings.empty());
}

TEST_CASE("[report] since is the campaign's start as a date, day a day that every month has") {
  CHECK(parse_site_config(kHead + "[report]\nsince = \"2026-05-01\"\n" + kBus, "site.toml")
            .report.since == "2026-05-01");
  CHECK(parse_site_config(kHead + kBus, "site.toml").report.since.empty());
  const auto e = error_of(kHead + "[report]\nsince = \"2026-5-1\"\n" + kBus);
  CHECK_THAT(e, Catch::Contains("since") && Catch::Contains("expected a date YYYY-MM-DD"));
  CHECK(parse_site_config(kHead + kBus, "site.toml").report.day == 20);
  CHECK_THAT(error_of(kHead + "[report]\nday = 29\n" + kBus), Catch::Contains("day"));
  CHECK_THAT(error_of(kHead + "[report]\nmonth = 11\n" + kBus), Catch::Contains("month"));
}
