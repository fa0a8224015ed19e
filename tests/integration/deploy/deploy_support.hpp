#pragma once
// Helpers for the deployment tests: run a command and capture its output, find the build tree,
// and lay out scratch roots for systemd-analyze and dpkg. Nothing here touches the real system.
// Header-only: the test folder builds every *_test.cpp and nothing else.
#include <sys/wait.h>

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
}

// Builds the .deb from the build tree with cpack into `out_dir`; returns its path.
inline fs::path build_deb(const fs::path& out_dir) {
  const fs::path config = build_dir() / "CPackConfig.cmake";
  if (!fs::exists(config)) throw std::runtime_error("no " + config.string());
  const auto result = run("cpack -G DEB --config " + shell_quote(config.string()) + " -B " +
                          shell_quote(out_dir.string()));
  if (result.exit_code != 0) throw std::runtime_error("cpack failed:\n" + result.output);
  for (const auto& entry : fs::directory_iterator(out_dir))
    if (entry.path().extension() == ".deb") return entry.path();
  throw std::runtime_error("cpack made no .deb:\n" + result.output);
}

// The same package at another version (cpack -R), as a newer release would be: for upgrades.
inline fs::path build_deb_version(const fs::path& out_dir, const std::string& version) {
  const fs::path config = build_dir() / "CPackConfig.cmake";
  const auto result = run("cpack -G DEB --config " + shell_quote(config.string()) + " -B " +
                          shell_quote(out_dir.string()) + " -R " + shell_quote(version));
  if (result.exit_code != 0) throw std::runtime_error("cpack failed:\n" + result.output);
  for (const auto& entry : fs::directory_iterator(out_dir))
    if (entry.path().extension() == ".deb" &&
        entry.path().filename().string().find("_" + version + "_") != std::string::npos)
      return entry.path();
  throw std::runtime_error("cpack made no .deb of version " + version + ":\n" + result.output);
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
