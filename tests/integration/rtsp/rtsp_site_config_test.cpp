// SPDX-License-Identifier: Apache-2.0
// The rtsp driver inside the real daemon's config check: the shipped sample passes the core's
// point registrar and the rules parser (the video-loss limits are real syntax), and an error in a
// camera's point sub-table is reported at its own line and column, without any password.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using sw::test::ChildProcess;
using sw::test::TempDir;

namespace {

const std::string kSiteHead = R"([site]
enterprise_code = "TEST"
gateway_id = "gw-1"
gas_class = "high"
[mqtt]
host = "127.0.0.1"
port = 1883
)";

std::string sample() {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/drivers/rtsp/sample.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  REQUIRE_FALSE(ss.str().empty());
  return ss.str();
}

struct CheckResult {
  int exit_code;
  std::string output;
};

CheckResult check_config(const TempDir& dir, const std::string& text) {
  const std::string path = dir.write("site.toml", text);
  const std::string program = sw::test::built_program("sitewatchd");
  auto argv = sw::test::built_command("sitewatchd");
  argv.insert(argv.end(), {"--check-config", path});
  ChildProcess p(argv, dir.file("check.log"));
  const auto code = p.wait_exit(20'000);
  REQUIRE(code.has_value());
  INFO("program: " << program);
  REQUIRE(*code != 127);  // exec failed: sitewatchd is not built
  return {*code, p.log()};
}

// The number of the line holding `needle` (1-based) in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("sitewatchd --check-config accepts the rtsp sample with its video-loss limits") {
  TempDir dir;
  const auto r = check_config(dir, kSiteHead + sample());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("1 buses, 8 points"));
}

TEST_CASE("a bad limit in a camera's point sub-table is reported at its line and column") {
  TempDir dir;
  const std::string text =
      replaced(kSiteHead + sample(), "      priority = 2\n", "      priority = 7\n");
  const auto r = check_config(dir, text);
  CHECK(r.exit_code == 78);
  CHECK_THAT(r.output,
             Catch::Contains(":" + std::to_string(line_of(text, "priority = 7")) +
                             ":18: bus[0].camera[0].online.limits[0].priority: expected a "
                             "priority 1..4"));
}

TEST_CASE("config errors about a camera never show its password") {
  TempDir dir;
  const std::string with_secret_url =
      replaced(kSiteHead + sample(), "rtsp://viewer:p%40ss%3Aword@192.168.20.31",
               "rtsps://viewer:Very-Secret-99@192.168.20.31");
  const auto bad_scheme = check_config(dir, with_secret_url);
  CHECK(bad_scheme.exit_code == 78);
  CHECK_THAT(bad_scheme.output, Catch::Contains("camera[1].url: rtsps (RTSP over TLS) is not "
                                                "supported"));
  CHECK_THAT(bad_scheme.output, !Catch::Contains("Very-Secret-99"));

  const std::string twice =
      replaced(kSiteHead + sample(), "url = \"rtsp://192.168.20.11:554/Streaming/Channels/101\"",
               "url = \"rtsp://admin:Very-Secret-99@192.168.20.11:554/Streaming/Channels/101\"");
  const auto given_twice = check_config(dir, twice);
  CHECK(given_twice.exit_code == 78);
  CHECK_THAT(given_twice.output, Catch::Contains("credentials given twice"));
  CHECK_THAT(given_twice.output,
             !Catch::Contains("Very-Secret-99") && !Catch::Contains("change-me"));
}
