// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the benchmarks read about a running sitewatchd from outside: memory and CPU from /proc, and
// the console's `status` over its Unix socket (the samples it has processed).
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace sw::bench {

// A "Vm...:   1234 kB" line of /proc/<pid>/status, in kB; 0 when missing.
inline std::int64_t proc_status_kb(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stoll(line.substr(key.size() + 1));
  return 0;
}

// User + system CPU time the process has used so far (all its threads), in seconds.
inline double proc_cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name may hold spaces; the fields after it are fixed: state is field 3, utime 14.
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::string field;
  std::uint64_t utime = 0, stime = 0;
  for (int n = 3; rest >> field; ++n) {
    if (n == 14) utime = std::stoull(field);
    if (n == 15) {
      stime = std::stoull(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

inline int proc_threads(int pid) {
  return static_cast<int>(proc_status_kb(pid, "Threads"));
}

// One console request; nullopt when the daemon does not answer (not up yet).
inline std::optional<nlohmann::json> console_request(const std::string& socket_path,
                                                     const std::string& cmd) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  socket_path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  std::optional<nlohmann::json> result;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string line = R"({"v":1,"id":1,"cmd":")" + cmd + "\"}\n";
    if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size())) {
      std::string answer;
      char buf[4096];
      ssize_t n;
      while (answer.find('\n') == std::string::npos && (n = ::recv(fd, buf, sizeof buf, 0)) > 0)
        answer.append(buf, static_cast<std::size_t>(n));
      auto doc = nlohmann::json::parse(answer, nullptr, false);
      if (!doc.is_discarded() && doc.value("ok", false)) result = doc["result"];
    }
  }
  ::close(fd);
  return result;
}

inline double load_average_1min() {
  std::ifstream in("/proc/loadavg");
  double l = 0;
  in >> l;
  return l;
}

}  // namespace sw::bench
