// SPDX-License-Identifier: Apache-2.0
// The maintainer scripts' service handling as on a gateway booted with systemd, which this test
// machine is not: each script runs in a private mount namespace (unshare) whose /run has
// /run/systemd/system and whose /etc has a site config, with stand-ins on PATH for systemctl,
// deb-systemd-invoke, deb-systemd-helper, dpkg-statoverride, systemd-sysusers and sitewatchd
// that record how they were called. Nothing outside the namespace changes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "deploy_support.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sw::test::deploy;

namespace {

struct ScriptRun {
  CommandResult result;
  std::string calls;  // one line per stand-in call: "name args..."
};

// Runs systemd/debian/SCRIPT with ARGS as dpkg would on a systemd host; `check_exit` is what the
// stand-in `sitewatchd --check-config` exits with (0 good, 78 refused).
ScriptRun run_script(const std::string& script, const std::string& args, int check_exit) {
  sw::test::TempDir dir;
  const fs::path bin = dir.path() / "bin";
  const fs::path calls = dir.path() / "calls";
  fs::create_directories(bin);
  std::ofstream(calls).flush();
  const auto stand_in = [&](const std::string& name, const std::string& body) {
    const fs::path path = bin / name;
    std::ofstream(path) << "#!/bin/sh\necho \"" << name << " $*\" >>" << shell_quote(calls.string())
                        << "\n"
                        << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
  };
  for (const char* name :
       {"systemctl", "deb-systemd-invoke", "dpkg-statoverride", "systemd-sysusers"})
    stand_in(name, "exit 0");
  // A unit dpkg has not seen enabled before: nothing for postinst to re-enable.
  stand_in("deb-systemd-helper",
           "case \"$1\" in debian-installed | was-enabled | --quiet) exit 1 ;; esac\nexit 0");
  stand_in("sitewatchd", "echo 'sitewatch.toml:3:1: mqtt: host: expected a string' >&2\nexit " +
                             std::to_string(check_exit));
  const std::string inner =
      "mount -t tmpfs none /run && mkdir -p /run/systemd/system && "
      "mount -t tmpfs none /etc && mkdir /etc/sitewatch && "
      "echo '[site]' >/etc/sitewatch/sitewatch.toml && "
      "unset DPKG_ROOT && PATH=" +
      shell_quote(bin.string()) + ":$PATH sh " +
      shell_quote((source_dir() / "systemd/debian" / script).string()) + " " + args;
  ScriptRun out;
  out.result = run("unshare --mount sh -c " + shell_quote(inner));
  out.calls = read_file(calls);
  return out;
}

bool can_unshare() {
  return ::geteuid() == 0 && run("unshare --mount true").exit_code == 0;
}

}  // namespace

TEST_CASE(
    "on upgrade postinst try-restarts the service when the new sitewatchd accepts the config") {
  if (!can_unshare()) {
    sw::test::skip_test("needs root and unshare --mount for a private /run/systemd/system");
  }
  const auto script = run_script("postinst", "configure 0.1.0", 0);
  INFO(script.result.output << "\ncalls:\n" << script.calls);
  CHECK(script.result.exit_code == 0);
  CHECK(script.calls.find("sitewatchd --check-config /etc/sitewatch/sitewatch.toml") !=
        std::string::npos);
  CHECK(script.calls.find("systemctl --system daemon-reload") != std::string::npos);
  // try-restart: a running service is restarted, a stopped one stays stopped.
  CHECK(script.calls.find("deb-systemd-invoke try-restart sitewatch.service") != std::string::npos);
  CHECK(script.calls.find("deb-systemd-invoke start") == std::string::npos);
}

TEST_CASE(
    "on upgrade postinst warns and leaves the running daemon alone when the config is refused") {
  if (!can_unshare()) {
    sw::test::skip_test("needs root and unshare --mount for a private /run/systemd/system");
  }
  const auto script = run_script("postinst", "configure 0.1.0", 78);
  INFO(script.result.output << "\ncalls:\n" << script.calls);
  CHECK(script.result.exit_code == 0);  // the upgrade itself succeeds
  CHECK(script.result.output.find("warning: sitewatchd refuses /etc/sitewatch/sitewatch.toml") !=
        std::string::npos);
  CHECK(script.result.output.find("mqtt: host: expected a string") != std::string::npos);
  CHECK(script.result.output.find("NOT restarted") != std::string::npos);
  CHECK(script.calls.find("deb-systemd-invoke") == std::string::npos);
}

TEST_CASE("a first install with a config still being written succeeds, warns, starts nothing") {
  if (!can_unshare()) {
    sw::test::skip_test("needs root and unshare --mount for a private /run/systemd/system");
  }
  const auto script = run_script("postinst", "configure", 78);
  INFO(script.result.output << "\ncalls:\n" << script.calls);
  CHECK(script.result.exit_code == 0);
  CHECK(script.result.output.find("warning: sitewatchd refuses") != std::string::npos);
  CHECK(script.calls.find("deb-systemd-invoke") == std::string::npos);
  CHECK(script.calls.find("deb-systemd-helper enable") == std::string::npos);
}

TEST_CASE("prerm stops the service on remove and leaves it running on upgrade") {
  if (!can_unshare()) {
    sw::test::skip_test("needs root and unshare --mount for a private /run/systemd/system");
  }
  const auto removing = run_script("prerm", "remove", 0);
  INFO(removing.result.output << "\ncalls:\n" << removing.calls);
  CHECK(removing.result.exit_code == 0);
  CHECK(removing.calls.find("deb-systemd-invoke stop sitewatch.service") != std::string::npos);

  const auto upgrading = run_script("prerm", "upgrade 0.1.1", 0);
  INFO(upgrading.result.output << "\ncalls:\n" << upgrading.calls);
  CHECK(upgrading.result.exit_code == 0);
  CHECK(upgrading.calls.empty());
}
