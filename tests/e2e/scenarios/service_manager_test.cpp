// SPDX-License-Identifier: Apache-2.0
// sitewatchd as systemd runs it (Type=notify, WatchdogSec=): the test plays the service manager
// with a notification socket of its own, and sees READY=1 once the daemon is up, WATCHDOG=1 at
// half the watchdog interval while the pipeline turns, and RELOADING=1 then READY=1 around a
// SIGHUP reload — also around a reload that is refused, after which the daemon keeps pinging.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "support/site_under_test.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

using namespace sw::test;
using namespace std::chrono_literals;

namespace {

// A bound AF_UNIX datagram socket, as systemd's NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof(addr.sun_path));
    path_.copy(addr.sun_path, path_.size());
    REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The next datagram, or nullopt when none comes within `timeout`.
  std::optional<std::string> next(std::chrono::milliseconds timeout) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
  }

  // Reads datagrams until one contains `needle` (returned), or `timeout` passes; every datagram
  // read on the way is appended to `seen`.
  std::optional<std::string> await(const std::string& needle, std::chrono::milliseconds timeout,
                                   std::vector<std::string>& seen) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      auto d = next(std::max(left, 1ms));
      if (!d) continue;
      seen.push_back(*d);
      if (d->find(needle) != std::string::npos) return d;
    }
    return std::nullopt;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

bool has_line(const std::string& datagram, const std::string& line) {
  return ("\n" + datagram + "\n").find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE(
    "under a service manager the daemon says READY, pings the watchdog at half its interval, and "
    "brackets each reload with RELOADING and READY") {
  TempDir dir;
  NotifySocket manager(dir.file("notify"));
  SiteOptions options;
  options.start_daemon = false;
  // WatchdogSec=2s: pings due every second.
  options.daemon_env = {"NOTIFY_SOCKET=" + manager.path(), "WATCHDOG_USEC=2000000"};
  SiteUnderTest site(options);
  site.start_daemon();

  std::vector<std::string> seen;
  const auto ready = manager.await("READY=1", 20s, seen);
  INFO(site.daemon().log());
  REQUIRE(ready);
  CHECK(has_line(*ready, "READY=1"));
  // The status line rides in the same datagram, so systemctl status never shows a stale one.
  CHECK(ready->find("STATUS=") != std::string::npos);

  // Three pings, each about a second apart: the pipeline is alive.
  std::vector<std::chrono::steady_clock::time_point> pings;
  while (pings.size() < 3) {
    const auto ping = manager.await("WATCHDOG=1", 5s, seen);
    REQUIRE(ping);
    pings.push_back(std::chrono::steady_clock::now());
  }
  for (std::size_t i = 1; i < pings.size(); ++i) {
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(pings[i] - pings[i - 1]);
    INFO("gap between pings: " << gap.count() << " ms");
    CHECK(gap >= 700ms);   // not a flood
    CHECK(gap <= 1600ms);  // within the 2 s interval, with room
  }

  SECTION("a valid reload") {
    site.daemon().signal(SIGHUP);
    const auto reloading = manager.await("RELOADING=1", 10s, seen);
    REQUIRE(reloading);
    // sd_notify(3): RELOADING=1 comes with the monotonic time at which it began.
    CHECK(reloading->find("MONOTONIC_USEC=") != std::string::npos);
    REQUIRE(manager.await("READY=1", 20s, seen));
    // The main loop logs the outcome just after the reload said READY.
    CHECK(wait_until(
        [&] { return site.daemon().log().find("[gateway] reload: ") != std::string::npos; }));
  }

  SECTION("a refused reload still ends in READY, and the watchdog keeps being fed") {
    {
      std::ofstream broken(site.config_path(), std::ios::app);
      broken << "\n[site\n";  // not TOML
    }
    site.daemon().signal(SIGHUP);
    REQUIRE(manager.await("RELOADING=1", 10s, seen));
    REQUIRE(manager.await("READY=1", 20s, seen));
    CHECK(wait_until(
        [&] { return site.daemon().log().find("new config refused") != std::string::npos; }));
    REQUIRE(manager.await("WATCHDOG=1", 5s, seen));
    CHECK(site.daemon().running());
  }
}

TEST_CASE(
    "a restart over an existing store asks the service manager for the time its integrity check "
    "may take, before READY") {
  TempDir dir;
  NotifySocket manager(dir.file("notify"));
  SiteOptions options;
  options.start_daemon = false;
  options.daemon_env = {"NOTIFY_SOCKET=" + manager.path()};
  SiteUnderTest site(options);
  site.start_daemon();
  std::vector<std::string> seen;
  REQUIRE(manager.await("READY=1", 20s, seen));
  site.kill_daemon();

  seen.clear();
  site.start_daemon();
  const auto extend = manager.await("EXTEND_TIMEOUT_USEC=", 20s, seen);
  INFO(site.daemon().log());
  REQUIRE(extend);
  CHECK(extend->find("EXTEND_TIMEOUT_USEC=10") != std::string::npos);  // 10 s for a small store
  // And only then READY: the extension was asked for before the check ran.
  REQUIRE(manager.await("READY=1", 20s, seen));
}
