// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers for the deployment tests: run a command and capture its output, find the build tree,
// and lay out scratch roots for systemd-analyze and dpkg. Nothing here touches the real system.
// Header-only: the test folder builds every *_test.cpp and nothing else.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sw::test::deploy {

struct CommandResult {
  int exit_code = -1;  // WEXITSTATUS, or 128+signal
  std::string output;  // stdout and stderr together
};

namespace fs = std::filesystem;

// Runs `command` with /bin/sh, stderr merged into stdout.
inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.exit_code = 128 + WTERMSIG(status);
  return result;
}

// Single-quotes `text` for /bin/sh.
inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

// The configured build tree this test binary belongs to (SITEWATCH_BIN_DIR/..).
inline fs::path build_dir() {
  return fs::path(SITEWATCH_BIN_DIR).parent_path();
}

inline fs::path source_dir() {
  return fs::path(SITEWATCH_SOURCE_DIR);
}

// A variable from the build tree's CMakeCache.txt (e.g. SITEWATCH_SYSTEMD_UNIT_DIR).
inline std::optional<std::string> cache_variable(const std::string& name) {
  std::ifstream in(build_dir() / "CMakeCache.txt");
  std::string line;
  while (std::getline(in, line)) {
    // NAME:TYPE=VALUE
    if (line.rfind(name + ":", 0) != 0) continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos) return line.substr(eq + 1);
  }
  return std::nullopt;
}

// The directory of the host's own unit files (sysinit.target & co), for `verify --root`.
inline fs::path host_unit_dir() {
  const auto asked = run("pkg-config --variable=systemdsystemunitdir systemd");
  std::string dir = asked.output.substr(0, asked.output.find('\n'));
  if (asked.exit_code == 0 && fs::exists(fs::path(dir) / "sysinit.target")) return dir;
  for (const char* candidate : {"/lib/systemd/system", "/usr/lib/systemd/system"})
    if (fs::exists(fs::path(candidate) / "sysinit.target")) return candidate;
  throw std::runtime_error("no systemd unit directory with sysinit.target on this host");
}

// Copies the host's unit files into root/<unit dir> and /bin/kill into root/bin, so that
// `systemd-analyze verify --root=root` can resolve the default dependencies and ExecReload=.
inline void add_systemd_base(const fs::path& root, const fs::path& unit_dir) {
  const fs::path target = root / unit_dir.relative_path();
  fs::create_directories(target);
  // Symlinks are copied as symlinks (aliases like dbus-org.*.service); verify resolves them
  // inside the root, where the targets exist too.
  for (const auto& entry : fs::directory_iterator(host_unit_dir())) {
    const fs::path dest = target / entry.path().filename();
    if (fs::exists(fs::symlink_status(dest))) continue;  // the package's own file wins
    fs::copy(entry.path(), dest,
             fs::copy_options::copy_symlinks | fs::copy_options::recursive |
                 fs::copy_options::skip_existing);
  }
  fs::create_directories(root / "bin");
  if (!fs::exists(root / "bin/kill")) fs::copy_file("/bin/kill", root / "bin/kill");
  if (!fs::exists(root / "bin/chgrp")) fs::copy_file("/bin/chgrp", root / "bin/chgrp");
}

// The newest modification time of any file under `paths` (files or directories).
inline fs::file_time_type newest_change(const std::vector<fs::path>& paths) {
  auto newest = fs::file_time_type::min();  // not {}: libstdc++ puts file_clock's epoch in 2174
  const auto consider = [&](const fs::path& file) {
    std::error_code ec;
    const auto when = fs::last_write_time(file, ec);
    if (!ec && when > newest) newest = when;
  };
  for (const auto& path : paths) {
    if (fs::is_directory(path)) {
      for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) consider(entry.path());
    } else {
      consider(path);
    }
  }
  return newest;
}

// The .deb of this build tree, made by cpack. The tests of this folder run as separate processes,
// two at a time, and each needs the package: it is made once under a lock into
// <build>/packaging/test-deb and reused while nothing it packs is newer (about 10 s of stripping
// and dpkg-shlibdeps per test saved, more under ASan). Read it; never change it.
inline fs::path build_deb() {
  const fs::path config = build_dir() / "CPackConfig.cmake";
  if (!fs::exists(config)) throw std::runtime_error("no " + config.string());
  const fs::path out_dir = build_dir() / "packaging/test-deb";
  fs::create_directories(out_dir);
  const int lock = ::open((out_dir / ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0)
    throw std::runtime_error("cannot lock " + out_dir.string());
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};

  const fs::path deb = out_dir / "sitewatch.deb";
  const auto inputs = newest_change(
      {config, build_dir() / "bin", build_dir() / "man", build_dir() / "packaging/copyright",
       build_dir() / "packaging/changelog.gz", build_dir() / "packaging/debian",
       source_dir() / "systemd", source_dir() / "config", source_dir() / "docs/deploying.md"});
  if (fs::exists(deb) && fs::last_write_time(deb) >= inputs) return deb;

  const fs::path work = out_dir / "cpack";
  fs::remove_all(work);
  const auto result = run("cpack -G DEB --config " + shell_quote(config.string()) + " -B " +
                          shell_quote(work.string()));
  if (result.exit_code != 0) throw std::runtime_error("cpack failed:\n" + result.output);
  for (const auto& entry : fs::directory_iterator(work))
    if (entry.path().extension() == ".deb") {
      fs::rename(entry.path(), deb);
      fs::remove_all(work);
      return deb;
    }
  throw std::runtime_error("cpack made no .deb:\n" + result.output);
}

// The same package at another version, as a newer release would be: for upgrades. Repacked
// from `deb` with dpkg-deb (needs root, to keep the files' owners), which costs a second where
// another cpack run would strip and scan the binaries again.
inline fs::path deb_with_version(const fs::path& deb, const fs::path& out_dir,
                                 const std::string& version) {
  const fs::path tree = out_dir / "tree";
  fs::create_directories(out_dir);
  const fs::path out = out_dir / ("sitewatch_" + version + ".deb");
  const auto result =
      run("dpkg-deb -R " + shell_quote(deb.string()) + " " + shell_quote(tree.string()) +
          " && sed -i 's/^Version: .*/Version: " + version + "/' " +
          shell_quote((tree / "DEBIAN/control").string()) + " && dpkg-deb -Zxz -z1 -b " +
          shell_quote(tree.string()) + " " + shell_quote(out.string()));
  if (result.exit_code != 0)
    throw std::runtime_error("repacking the .deb failed:\n" + result.output);
  return out;
}

// An empty dpkg database under `root` and a minimal account database (root, and dialout as
// Debian's base-passwd makes it), for `dpkg --root`.
inline void make_scratch_root(const fs::path& root) {
  for (const char* sub :
       {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc"})
    fs::create_directories(root / sub);
  std::ofstream(root / "var/lib/dpkg/status").flush();
  std::ofstream(root / "var/lib/dpkg/available").flush();
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n";
  std::ofstream(root / "etc/group") << "root:x:0:\ndialout:x:20:\n";
}

// dpkg acting on the scratch root. Chrootless: the scratch root has no shell; the maintainer
// scripts see DPKG_ROOT and honour it. --force-depends: the scratch root's dpkg database knows no
// libraries. --force-confold: keep an edited conffile without asking, as apt would be told to.
inline CommandResult dpkg_in(const fs::path& root, const std::string& args) {
  return run("dpkg --root=" + shell_quote(root.string()) +
             " --force-script-chrootless --force-depends --force-confold --log=/dev/null " + args);
}

// "name:x:uid:gid:..." → the line for `name` in a passwd/group file, or "".
inline std::string entry_for(const fs::path& file, const std::string& name) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + ":", 0) == 0) return line;
  return "";
}

// `Key: value` fields of `dpkg-deb -f`.
inline std::map<std::string, std::string> deb_fields(const fs::path& deb) {
  const auto result = run("dpkg-deb -f " + shell_quote(deb.string()));
  if (result.exit_code != 0) throw std::runtime_error("dpkg-deb -f failed: " + result.output);
  std::map<std::string, std::string> fields;
  std::istringstream in(result.output);
  std::string line, key;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == ' ') {  // continuation of a multi-line field
      fields[key] += "\n" + line.substr(1);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    key = line.substr(0, colon);
    fields[key] = line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return fields;
}

// Every path in the .deb's data archive, without the leading "./", directories ending in '/'.
inline std::vector<std::string> deb_paths(const fs::path& deb) {
  const auto result = run("dpkg-deb --fsys-tarfile " + shell_quote(deb.string()) + " | tar -t");
  if (result.exit_code != 0) throw std::runtime_error("listing the .deb failed: " + result.output);
  std::vector<std::string> paths;
  std::istringstream in(result.output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("./", 0) == 0) line.erase(0, 2);
    if (!line.empty()) paths.push_back(line);
  }
  return paths;
}

// The unit file as key → values (in order), comments and section headers dropped.
inline std::multimap<std::string, std::string> unit_settings(const fs::path& unit) {
  std::multimap<std::string, std::string> settings;
  std::ifstream in(unit);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    settings.emplace(line.substr(0, eq), line.substr(eq + 1));
  }
  return settings;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sw::test::deploy
