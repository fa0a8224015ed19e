// SPDX-License-Identifier: Apache-2.0
// The site type (and a coal mine's gas class) decides what the fault, power-not-cut and
// calibration alarms cite (issue 17 §3; DOMAIN.md §1, corrected): a low-gas mine's failed cut is
// 第五条(二), a high-gas or outburst mine's also 第七条(二); a chemical plant's alarms carry no
// coal text; a point or profile keeps its own clause.
#include <catch2/catch.hpp>

#include "config/site_config.hpp"
#include "config_error_text.hpp"

using namespace sw::config;

namespace {
std::string site(const std::string& site_lines, const std::string& point_lines = "") {
  return "[site]\nenterprise_code = \"E1\"\ngateway_id = \"gw1\"\n" + site_lines +
         "\n[mqtt]\nhost = \"127.0.0.1\"\n"
         "[[bus]]\nname = \"b1\"\ndriver = \"modbus\"\nhost = \"127.0.0.1\"\nport = 1502\n"
         "  [[bus.device]]\n  name = \"d1\"\n  unit = 1\n"
         "    [[bus.device.point]]\n    id = \"p.ch4\"\n    address = 0\n"
         "    profile = \"coal.methane.working_face\"\n" +
         point_lines;
}

using sw::config::test::error_of;
}  // namespace

TEST_CASE("a coal mine must give its gas class, other sites must not") {
  const std::string missing = error_of(site("site_type = \"coal_mine\""));
  CHECK(missing.find("site.toml:1:1") != std::string::npos);
  CHECK(missing.find("gas_class") != std::string::npos);
  CHECK(missing.find("required for site_type = \"coal_mine\"") != std::string::npos);
  const std::string wrong = error_of(site("site_type = \"coal_mine\"\ngas_class = \"medium\""));
  CHECK(wrong.find("site.toml:5:13") != std::string::npos);
  CHECK(wrong.find("outburst") != std::string::npos);
  const std::string chemical =
      error_of(site("site_type = \"chemical_plant\"\ngas_class = \"low\""));
  CHECK(chemical.find("only for site_type = \"coal_mine\"") != std::string::npos);
}

TEST_CASE("a low-gas coal mine cites 第五条(二) for a failed cut, and no 第七条") {
  const auto cfg = parse_site_config(site("site_type = \"coal_mine\"\ngas_class = \"low\""), "s");
  const auto& r = cfg.point_rules.at(0);
  CHECK(r.cut_clause == "煤矿重大事故隐患判定标准 第五条(二) 瓦斯超限后继续作业");
  CHECK(r.fault_clause == "煤矿重大事故隐患判定标准 第十八条(六) 安全监控系统不能正常运行");
  CHECK(r.calibration_hazard_category.empty());  // overdue calibration: an alarm, no hazard
}

TEST_CASE("high-gas and outburst mines also cite 第七条(二), outburst 第十八条(六) too") {
  const auto high = parse_site_config(site("site_type = \"coal_mine\"\ngas_class = \"high\""), "s");
  CHECK(high.point_rules.at(0).cut_clause.find("第七条(二)") != std::string::npos);
  CHECK(high.point_rules.at(0).calibration_clause.find("第七条(二)") != std::string::npos);
  CHECK_FALSE(high.point_rules.at(0).calibration_hazard_category.empty());
  const auto outburst =
      parse_site_config(site("site_type = \"coal_mine\"\ngas_class = \"outburst\""), "s");
  CHECK(outburst.point_rules.at(0).cut_clause.find("第十八条(六)") != std::string::npos);
}

TEST_CASE("a chemical plant's fault alarm carries no coal text, other sites cite nothing") {
  const auto chemical = parse_site_config(site("site_type = \"chemical_plant\""), "s");
  const auto& r = chemical.point_rules.at(0);
  CHECK(r.fault_clause.find("煤矿") == std::string::npos);
  CHECK(r.fault_clause.find("十二") != std::string::npos);
  CHECK(r.cut_clause.empty());
  const auto other = parse_site_config(site("site_type = \"other\""), "s");
  CHECK(other.point_rules.at(0).fault_clause.empty());
  CHECK(other.point_rules.at(0).calibration_clause.empty());
}

TEST_CASE("a point's own clause and category win over the site type's") {
  const auto cfg =
      parse_site_config(site("site_type = \"coal_mine\"\ngas_class = \"high\"",
                             "    fault_clause = \"煤矿重大事故隐患判定标准(2026) 第X条\"\n"
                             "    fault_hazard_category = \"监控系统故障\"\n"),
                        "s");
  CHECK(cfg.point_rules.at(0).fault_clause == "煤矿重大事故隐患判定标准(2026) 第X条");
  CHECK(cfg.point_rules.at(0).fault_hazard_category == "监控系统故障");
}
