// SPDX-License-Identifier: Apache-2.0
// --check-config warns where a coal mine's config breaks its monitoring standard (issue 17 §3):
// a methane point that cuts power but names no feed, a poll period over 30 s (GB 50581).
#include <catch2/catch.hpp>

#include "config/site_config_warnings.hpp"

using namespace sw::config;

namespace {
SiteConfig coal_site(const std::string& site_type, const std::string& device_lines,
                     const std::string& point_lines) {
  const std::string gas = site_type == "coal_mine" ? "gas_class = \"high\"\n" : "";
  return parse_site_config(
      "[site]\nenterprise_code = \"E1\"\ngateway_id = \"gw1\"\nsite_type = \"" + site_type +
          "\"\n" + gas + "[mqtt]\nhost = \"127.0.0.1\"\n" +
          "[[bus]]\nname = \"b1\"\ndriver = \"modbus\"\nhost = \"127.0.0.1\"\nport = 1502\n"
          "  [[bus.device]]\n  name = \"d1\"\n  unit = 1\n" +
          device_lines +
          "    [[bus.device.point]]\n    id = \"face3.ch4\"\n    name = \"回风隅角甲烷\"\n"
          "    address = 0\n    profile = \"coal.methane.return_corner\"\n" +
          point_lines,
      "site.toml");
}

bool has(const std::vector<std::string>& warnings, const std::string& text) {
  for (const auto& w : warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("a coal-mine methane point that cuts power without a feed is warned about") {
  const auto w = config_warnings(coal_site("coal_mine", "", ""));
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("site.toml: point \"face3.ch4\" (回风隅角甲烷)") == 0);
  CHECK(has(w, "no `feed`"));
}

TEST_CASE("a coal-mine point polled less often than every 30 s is warned about") {
  const auto w = config_warnings(
      coal_site("coal_mine", "  period = \"1m\"\n",
                "    feed = \"face3.feed\"\n    [[bus.device.point]]\n    id = \"face3.feed\"\n"
                "    address = 1\n    quantity = \"power_feed\"\n"));
  CHECK(has(w, "polled every 1m, longer than the 30s"));
  CHECK_FALSE(has(w, "no `feed`"));
}

TEST_CASE("a coal-mine methane point with several feeds is not warned about") {
  const auto w = config_warnings(
      coal_site("coal_mine", "",
                "    feed = [\"face3.feed\", \"face3.feed2\"]\n"
                "    [[bus.device.point]]\n    id = \"face3.feed\"\n    address = 1\n"
                "    quantity = \"power_feed\"\n"
                "    [[bus.device.point]]\n    id = \"face3.feed2\"\n    address = 2\n"
                "    quantity = \"power_feed\"\n"));
  CHECK(w.empty());
}

TEST_CASE("other site types get no coal-mine warnings") {
  CHECK(config_warnings(coal_site("chemical_plant", "  period = \"1m\"\n", "")).empty());
}
