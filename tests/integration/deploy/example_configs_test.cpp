// SPDX-License-Identifier: Apache-2.0
// Issue 13 item 8: an example config per site type, installed under the package's doc, and each
// one accepted by `sitewatchd --check-config` with no warning but the one every example shares
// (no command key: the site creates its own). An example that rots fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "deploy_support.hpp"
#include "support/child_process.hpp"

using namespace sw::test::deploy;

namespace {

const std::set<std::string> kSiteTypes = {"coal_face.toml", "chemical_tank_farm.toml",
                                          "gas_station.toml", "non_coal_mine.toml", "cameras.toml"};

std::string check_config_command(const fs::path& file) {
  std::string command;
  for (const auto& arg : sw::test::built_command("sitewatchd")) command += shell_quote(arg) + " ";
  return command + "--check-config " + shell_quote(file.string());
}

}  // namespace

TEST_CASE("there is an example config for every site type") {
  std::set<std::string> found;
  for (const auto& entry : fs::directory_iterator(source_dir() / "config/examples"))
    if (entry.path().extension() == ".toml") found.insert(entry.path().filename().string());
  for (const auto& name : kSiteTypes) {
    CAPTURE(name);
    CHECK(found.count(name) == 1);
  }
}

TEST_CASE("every example config passes sitewatchd --check-config without a site warning") {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(source_dir() / "config/examples")) {
    if (entry.path().extension() != ".toml") continue;
    const auto r = run(check_config_command(entry.path()));
    CAPTURE(entry.path().filename().string());
    INFO(r.output);
    REQUIRE(r.exit_code != 127);  // sitewatchd is not built
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains(": ok ("));
    std::istringstream lines(r.output);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("warning:") == std::string::npos) continue;
      CAPTURE(line);
      CHECK(line.find("[mqtt.commands] key_file is not set") != std::string::npos);
    }
    ++checked;
  }
  CHECK(checked >= kSiteTypes.size());
}
