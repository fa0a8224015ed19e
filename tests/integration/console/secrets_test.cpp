// SPDX-License-Identifier: Apache-2.0
// Issue 19, items 3 and 10, against the real daemon: what it creates is never world-readable
// whatever umask it was started with, and the config check warns when commands are not signed.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "console_site.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace sw::test;

namespace {

struct Check {
  int exit_code;
  std::string output;
};

// `name`: of the config and of the log, one pair per check.
Check check_config(const TempDir& dir, const std::string& name, const std::string& config_text) {
  const std::string path = dir.write(name + ".toml", config_text);
  auto argv = built_command("sitewatchd");
  argv.insert(argv.end(), {"--check-config", path});
  ChildProcess p(argv, dir.file(name + ".log"));
  const auto code = p.wait_exit(20'000);
  REQUIRE(code.has_value());
  return {*code, p.log()};
}

std::string demo_config() {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/config/demo.toml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The umask of this process for one scope (the daemon is its child and inherits it).
struct ScopedUmask {
  explicit ScopedUmask(mode_t mask) : previous(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous); }
  mode_t previous;
};

}  // namespace

TEST_CASE("started under umask 022, the daemon still makes its store readable by no other user") {
  const ScopedUmask loose(022);
  ConsoleSite site;
  REQUIRE_FALSE(site.await_json({"status"},
                                [](const nlohmann::json& s) {
                                  return s["samples"]["processed"].get<long>() > 0;
                                })
                    .is_null());
  struct stat st {};
  REQUIRE(::stat(site.site().store_path().c_str(), &st) == 0);
  INFO("store mode " << std::oct << (st.st_mode & 07777));
  CHECK((st.st_mode & 0007) == 0);
  CHECK((st.st_mode & 0020) == 0);  // nor group-writable
}

TEST_CASE("the config check warns when platform commands are not signed, and not when they are") {
  TempDir dir;
  const auto unsigned_commands = check_config(dir, "unsigned", demo_config());
  CHECK(unsigned_commands.exit_code == 0);
  CHECK_THAT(unsigned_commands.output,
             Catch::Contains("warning: [mqtt.commands] key_file is not set"));

  const std::string key = dir.write("command.key", std::string(64, 'c') + "\n");
  REQUIRE(::chmod(key.c_str(), 0600) == 0);
  std::string keyed = demo_config();
  keyed.replace(keyed.find("\n[console]"), 0, "\n[mqtt.commands]\nkey_file = \"" + key + "\"\n");
  const auto signed_commands = check_config(dir, "signed", keyed);
  INFO(signed_commands.output);
  CHECK(signed_commands.exit_code == 0);
  CHECK(signed_commands.output.find("warning") == std::string::npos);
}
