// SPDX-License-Identifier: Apache-2.0
// The Debian package built with cpack from this build tree: its layout, its dependencies, its
// config, and its maintainer scripts run for real against a scratch root (dpkg --root with
// DPKG_ROOT): the account is created there, never on this machine.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "deploy_support.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sw::test::deploy;

namespace {

std::string unit_path() {
  return fs::path(cache_variable("SITEWATCH_SYSTEMD_UNIT_DIR").value_or("/lib/systemd/system"))
             .relative_path()
             .string() +
         "/sitewatch.service";
}

bool contains(const std::vector<std::string>& paths, const std::string& path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

// The config/*.toml and config/profiles/*.toml the repo has, by file name.
std::vector<std::string> tomls_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::is_directory(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".toml") names.push_back(entry.path().filename().string());
  return names;
}

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

struct Ownership {
  uid_t uid;
  gid_t gid;
};
Ownership owner_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return {st.st_uid, st.st_gid};
}

// `key = "value"` in `[section]` of a TOML file (flat scan: enough for the two keys checked
// below); nullopt when absent, i.e. the daemon's default applies.
std::optional<std::string> toml_string(const fs::path& file, const std::string& section,
                                       const std::string& key) {
  std::istringstream in(read_file(file));
  std::string line, current;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line.erase(0, first);
    if (line[0] == '[') {
      current = line.substr(0, line.find(']') + 1);
      continue;
    }
    if (current != "[" + section + "]" || line.rfind(key, 0) != 0) continue;
    const auto rest = line.substr(key.size());
    const auto open = rest.find('"');
    if (rest.find_first_not_of(" \t") == std::string::npos ||
        rest[rest.find_first_not_of(" \t")] != '=' || open == std::string::npos)
      continue;
    return rest.substr(open + 1, rest.find('"', open + 1) - open - 1);
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("the .deb puts every file where Debian and systemd look for it, and nothing else") {
  sw::test::TempDir dir;
  const fs::path deb = build_deb();
  const auto paths = deb_paths(deb);
  INFO("package contents:\n" << run("dpkg-deb -c " + shell_quote(deb.string())).output);

  const std::vector<std::string> expected_files = {
      "usr/sbin/sitewatchd",
      "usr/bin/sitewatchctl",
      "usr/bin/sitewatch-sim",
      unit_path(),
      "usr/lib/sysusers.d/sitewatch.conf",
      "usr/share/doc/sitewatch/examples/systemd/serial-ports.conf",
      "usr/share/doc/sitewatch/deploying.md",
      "usr/share/doc/sitewatch/copyright",
      "usr/share/doc/sitewatch/changelog.gz",
      "usr/share/lintian/overrides/sitewatch",
      "usr/share/man/man8/sitewatchd.8.gz",
      "usr/share/man/man1/sitewatchctl.1.gz",
      "usr/share/man/man1/sitewatch-sim.1.gz",
      "usr/share/man/man5/sitewatch.toml.5.gz"};
  for (const auto& expected : expected_files) {
    CAPTURE(expected);
    CHECK(contains(paths, expected));
  }
  const auto examples = tomls_in(source_dir() / "config");
  INFO(
      "a package without a default config cannot be configured by editing one: the repo needs "
      "config/sitewatch.toml or config/demo.toml");
  CHECK(contains(paths, "etc/sitewatch/sitewatch.toml"));
  for (const auto& name : examples) {
    CAPTURE(name);
    CHECK(contains(paths, "usr/share/doc/sitewatch/examples/" + name));
  }
  for (const auto& name : tomls_in(source_dir() / "config/examples")) {
    CAPTURE(name);
    CHECK(contains(paths, "usr/share/doc/sitewatch/examples/sites/" + name));
  }
  for (const auto& name : tomls_in(source_dir() / "config/profiles")) {
    CAPTURE(name);
    CHECK(contains(paths, "usr/share/sitewatch/profiles/" + name));
  }
  // No headers, static libraries, tests or benches leak in through someone's install() rule.
  const std::vector<std::string> allowed = {"etc/",
                                            "etc/sitewatch/",
                                            "usr/",
                                            "usr/sbin/",
                                            "usr/bin/",
                                            "usr/lib/",
                                            "usr/share/",
                                            "usr/share/doc/",
                                            "usr/lib/sysusers.d/",
                                            "usr/sbin/sitewatchd",
                                            "usr/bin/sitewatchctl",
                                            "usr/bin/sitewatch-sim",
                                            "usr/lib/sysusers.d/sitewatch.conf",
                                            "etc/sitewatch/sitewatch.toml"};
  const std::vector<std::string> allowed_prefixes = {
      "usr/share/doc/sitewatch/", "usr/share/sitewatch/", "usr/share/man/",
      "usr/share/lintian/overrides/", fs::path(unit_path()).parent_path().string() + "/"};
  for (const auto& path : paths) {
    const bool ok = contains(allowed, path) ||
                    std::any_of(allowed_prefixes.begin(), allowed_prefixes.end(),
                                [&](const std::string& prefix) {
                                  return path.rfind(prefix, 0) == 0 || prefix.rfind(path, 0) == 0;
                                });
    CAPTURE(path);
    CHECK(ok);
  }

  // Modes as dpkg will create them.
  const fs::path root = dir.path() / "x";
  REQUIRE(
      run("dpkg -x " + shell_quote(deb.string()) + " " + shell_quote(root.string())).exit_code ==
      0);
  CHECK(mode_of(root / "usr/sbin/sitewatchd") == 0755);
  CHECK(mode_of(root / "usr/bin/sitewatchctl") == 0755);
  CHECK(mode_of(root / unit_path()) == 0644);
  // May hold broker credentials: never world-readable, even before postinst sets the group.
  if (fs::exists(root / "etc/sitewatch/sitewatch.toml"))
    CHECK(mode_of(root / "etc/sitewatch/sitewatch.toml") == 0640);
}

TEST_CASE("the .deb depends on the libraries its binaries link, found by dpkg-shlibdeps") {
  sw::test::TempDir dir;
  const fs::path deb = build_deb();
  const auto fields = deb_fields(deb);
  INFO(run("dpkg-deb -I " + shell_quote(deb.string())).output);
  CHECK(fields.at("Package") == "sitewatch");
  CHECK(fields.at("Version") == cache_variable("CMAKE_PROJECT_VERSION").value_or("?"));
  const std::string depends = fields.at("Depends");
  // The Paho C library (libpaho-mqtt1.3) is named here only when sitewatchd links it directly;
  // otherwise libpaho-mqttpp3-1's own Depends brings it.
  for (const char* library : {"libpaho-mqttpp3-1", "libmodbus5", "libsqlite3-0", "libsystemd0"}) {
    CAPTURE(library);
    CHECK(depends.find(library) != std::string::npos);
  }

  const fs::path control = dir.path() / "control";
  REQUIRE(run("dpkg-deb -e " + shell_quote(deb.string()) + " " + shell_quote(control.string()))
              .exit_code == 0);
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    CAPTURE(script);
    REQUIRE(fs::exists(control / script));
    CHECK(mode_of(control / script) == 0755);
    CHECK(run(std::string("sh -n ") + shell_quote((control / script).string())).exit_code == 0);
  }
  // dpkg keeps an admin's edits to the site config across upgrades only if it is a conffile.
  CHECK(read_file(control / "conffiles") == "/etc/sitewatch/sitewatch.toml\n");
}

TEST_CASE("the shipped default config passes the shipped daemon's own check") {
  sw::test::TempDir dir;
  const fs::path deb = build_deb();
  const fs::path root = dir.path() / "x";
  REQUIRE(
      run("dpkg -x " + shell_quote(deb.string()) + " " + shell_quote(root.string())).exit_code ==
      0);
  REQUIRE(fs::exists(root / "etc/sitewatch/sitewatch.toml"));
  const auto result =
      run(shell_quote((root / "usr/sbin/sitewatchd").string()) + " --check-config " +
          shell_quote((root / "etc/sitewatch/sitewatch.toml").string()));
  INFO(result.output);
  CHECK(result.exit_code == 0);
}

TEST_CASE("the shipped default config keeps the store and the console where the unit allows") {
  sw::test::TempDir dir;
  const fs::path deb = build_deb();
  const fs::path root = dir.path() / "x";
  REQUIRE(
      run("dpkg -x " + shell_quote(deb.string()) + " " + shell_quote(root.string())).exit_code ==
      0);
  const fs::path conf = root / "etc/sitewatch/sitewatch.toml";
  REQUIRE(fs::exists(conf));
  // Under the unit only /var/lib/sitewatch (StateDirectory=) and /run/sitewatch
  // (RuntimeDirectory=) are writable; /tmp is private and wiped at every stop, so a store there
  // would lose the alarm ledger on each restart and sitewatchctl could never reach a socket there.
  const auto store = toml_string(conf, "store", "path");
  const auto socket = toml_string(conf, "console", "socket");
  INFO("[store] path = " << store.value_or("(default)")
                         << ", [console] socket = " << socket.value_or("(default)"));
  if (store) CHECK(store->rfind("/var/lib/sitewatch/", 0) == 0);
  if (socket) CHECK(*socket == "/run/sitewatch/console.sock");
}

// (No ';' in test names: ctest's test discovery splits them there into tests that run nothing.)
TEST_CASE(
    "installing into a scratch root creates the account and config modes, enables nothing, "
    "installs readable man pages and leaves this system alone") {
  if (::geteuid() != 0) {
    sw::test::skip_test("needs root for dpkg --root (file ownership)");
  }
  sw::test::TempDir dir;
  const fs::path deb = build_deb();
  const fs::path root = dir.path() / "root";
  make_scratch_root(root);
  const std::string host_passwd = read_file("/etc/passwd");
  const std::string host_group = read_file("/etc/group");

  const auto installed = dpkg_in(root, "-i " + shell_quote(deb.string()));
  INFO(installed.output);
  REQUIRE(installed.exit_code == 0);
  CHECK(run("dpkg --root=" + shell_quote(root.string()) + " -s sitewatch")
            .output.find("Status: install ok installed") != std::string::npos);

  // postinst made the account in the scratch root (sysusers.d), and only there.
  const std::string user = entry_for(root / "etc/passwd", "sitewatch");
  REQUIRE_FALSE(user.empty());
  CHECK(user.find(":/usr/sbin/nologin") != std::string::npos);
  const std::string group = entry_for(root / "etc/group", "sitewatch");
  REQUIRE_FALSE(group.empty());
  CHECK(entry_for(root / "etc/group", "dialout") == "dialout:x:20:sitewatch");
  CHECK(read_file("/etc/passwd") == host_passwd);
  CHECK(read_file("/etc/group") == host_group);

  // The config: root writes it, group sitewatch reads it, nobody else.
  const gid_t gid = static_cast<gid_t>(std::stoul(group.substr(group.find(":x:") + 3)));
  CHECK(mode_of(root / "etc/sitewatch") == 0750);
  CHECK(owner_of(root / "etc/sitewatch").gid == gid);
  CHECK(mode_of(root / "etc/sitewatch/sitewatch.toml") == 0640);
  CHECK(owner_of(root / "etc/sitewatch/sitewatch.toml").gid == gid);
  CHECK(owner_of(root / "etc/sitewatch/sitewatch.toml").uid == 0);

  // Not enabled with the example config; the unit is known to deb-systemd-helper for purge.
  CHECK_FALSE(fs::exists(
      fs::symlink_status(root / "etc/systemd/system/multi-user.target.wants/sitewatch.service")));
  CHECK(fs::exists(root / "var/lib/systemd/deb-systemd-helper-enabled/sitewatch.service.dsh-also"));

  // `man sitewatchctl` finds the installed page by name and renders it without a warning (troff
  // says "warning:").
  for (const char* name : {"sitewatchctl", "sitewatchd", "sitewatch-sim", "sitewatch.toml"}) {
    CAPTURE(name);
    const auto shown = run("MANWIDTH=100 man --warnings --manpath=" +
                           shell_quote((root / "usr/share/man").string()) + " " + name);
    INFO(shown.output);
    CHECK(shown.exit_code == 0);
    CHECK(shown.output.find("NAME") != std::string::npos);
    CHECK(shown.output.find("warning:") == std::string::npos);
  }

  // The installed root passes verify as it is, with the packaged unit and binary.
  add_systemd_base(root, fs::path("/") / fs::path(unit_path()).parent_path());
  const auto verified =
      run("systemd-analyze verify --root=" + shell_quote(root.string()) + " sitewatch.service");
  INFO(verified.output);
  CHECK(verified.exit_code == 0);
}

TEST_CASE("lintian finds no error and no warning in the .deb") {
  if (run("command -v lintian").exit_code != 0) {
    sw::test::skip_test("lintian is not installed (scripts/install-deps installs it)");
  }
  const fs::path deb = build_deb();
  // --allow-root: CI runs as root. Overrides (usr/share/lintian/overrides/sitewatch) apply, and
  // --show-overrides lists them so the log says what was accepted and why.
  const auto result = run("lintian --allow-root --show-overrides --display-level '>=warning' " +
                          shell_quote(deb.string()));
  INFO(result.output);
  std::istringstream in(result.output);
  std::string line;
  while (std::getline(in, line)) {
    CAPTURE(line);
    CHECK(line.rfind("E: ", 0) != 0);
    CHECK(line.rfind("W: ", 0) != 0);
  }
  CHECK(result.exit_code == 0);
}
