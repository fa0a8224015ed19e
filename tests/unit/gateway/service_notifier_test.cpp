// SPDX-License-Identifier: Apache-2.0
// ServiceNotifier against a real notification socket: a Unix datagram socket in a temp dir stands
// in for systemd, NOTIFY_SOCKET points at it, and each test reads back the exact datagrams.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "service_notifier.hpp"
#include "support/temp_dir.hpp"

namespace {

// The systemd side: a bound datagram socket and NOTIFY_SOCKET set to it for the test's lifetime.
class FakeServiceManager {
 public:
  FakeServiceManager() {
    const std::string path = dir_.file("notify.sock");
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("temp path too long");
    path.copy(addr.sun_path, path.size());
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("bind failed");
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  }
  ~FakeServiceManager() {
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd_);
  }
  FakeServiceManager(const FakeServiceManager&) = delete;
  FakeServiceManager& operator=(const FakeServiceManager&) = delete;

  // The next datagram, or nullopt when none arrives within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }

 private:
  sw::test::TempDir dir_;
  int fd_ = -1;
};

std::chrono::microseconds monotonic_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
}

// Restores WATCHDOG_USEC / WATCHDOG_PID however a test ends.
struct WatchdogEnv {
  WatchdogEnv(const std::string& usec, std::optional<pid_t> pid) {
    ::setenv("WATCHDOG_USEC", usec.c_str(), 1);
    if (pid)
      ::setenv("WATCHDOG_PID", std::to_string(*pid).c_str(), 1);
    else
      ::unsetenv("WATCHDOG_PID");
  }
  ~WatchdogEnv() {
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
  }
};

}  // namespace

TEST_CASE("each notification reaches systemd as the exact text sd_notify(3) defines") {
  FakeServiceManager manager;
  sw::ServiceNotifier notifier;
  REQUIRE(notifier.enabled());

  CHECK(notifier.ready());
  CHECK(manager.receive() == "READY=1");
  CHECK(notifier.status("polling 3 buses, 42 points"));
  CHECK(manager.receive() == "STATUS=polling 3 buses, 42 points");
  CHECK(notifier.watchdog());
  CHECK(manager.receive() == "WATCHDOG=1");
  CHECK(notifier.stopping());
  CHECK(manager.receive() == "STOPPING=1");
  CHECK(notifier.extend_timeout(std::chrono::seconds(20)));
  CHECK(manager.receive() == "EXTEND_TIMEOUT_USEC=20000000");
}

TEST_CASE("ready with a status text is one datagram, so the two never disagree") {
  FakeServiceManager manager;
  sw::ServiceNotifier notifier;
  CHECK(notifier.ready("running, config reloaded"));
  CHECK(manager.receive() == "READY=1\nSTATUS=running, config reloaded");
  CHECK_FALSE(manager.receive(std::chrono::milliseconds(50)).has_value());
}

TEST_CASE("a reload is RELOADING=1 with the monotonic time, then READY=1") {
  FakeServiceManager manager;
  sw::ServiceNotifier notifier;
  const auto before = monotonic_now();
  CHECK(notifier.reloading());
  const auto after = monotonic_now();
  const auto message = manager.receive();
  REQUIRE(message.has_value());
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  REQUIRE(message->rfind(prefix, 0) == 0);
  const std::string digits = message->substr(prefix.size());
  REQUIRE(!digits.empty());
  REQUIRE(digits.find_first_not_of("0123456789") == std::string::npos);
  const auto stamp = std::chrono::microseconds(std::stoll(digits));
  // The stamp is CLOCK_MONOTONIC taken during the call, which is what systemd 253+ compares.
  CHECK(stamp >= before);
  CHECK(stamp <= after);

  CHECK(notifier.ready());
  CHECK(manager.receive() == "READY=1");
}

TEST_CASE("a status text with newlines cannot inject another assignment") {
  FakeServiceManager manager;
  sw::ServiceNotifier notifier;
  CHECK(notifier.status("device said \"fault\nREADY=1\r\nSTOPPING=1\""));
  CHECK(manager.receive() == "STATUS=device said \"fault READY=1  STOPPING=1\"");
}

TEST_CASE("without NOTIFY_SOCKET every call is a silent no-op") {
  FakeServiceManager manager;  // listening, but the notifier must not find it
  ::unsetenv("NOTIFY_SOCKET");
  sw::ServiceNotifier notifier;
  CHECK_FALSE(notifier.enabled());
  CHECK_FALSE(notifier.ready());
  CHECK_FALSE(notifier.ready("x"));
  CHECK_FALSE(notifier.status("x"));
  CHECK_FALSE(notifier.reloading());
  CHECK_FALSE(notifier.stopping());
  CHECK_FALSE(notifier.watchdog());
  CHECK_FALSE(notifier.extend_timeout(std::chrono::seconds(1)));
  CHECK_FALSE(manager.receive(std::chrono::milliseconds(50)).has_value());
}

TEST_CASE("a vanished notification socket is reported as a failed send, not thrown") {
  std::optional<FakeServiceManager> manager;
  manager.emplace();
  sw::ServiceNotifier notifier;
  REQUIRE(notifier.enabled());
  // systemd gone (socket closed and removed), NOTIFY_SOCKET still pointing at it.
  const std::string path = std::getenv("NOTIFY_SOCKET");
  manager.reset();
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  CHECK_FALSE(notifier.watchdog());
  CHECK_FALSE(notifier.watchdog());
  ::unsetenv("NOTIFY_SOCKET");
}

TEST_CASE("the watchdog interval is WatchdogSec= and the daemon pings at half of it") {
  sw::ServiceNotifier notifier;
  SECTION("WatchdogSec=30 for this process") {
    WatchdogEnv env("30000000", ::getpid());
    CHECK(notifier.watchdog_interval() == std::chrono::seconds(30));
    CHECK(notifier.watchdog_ping_period() == std::chrono::seconds(15));
  }
  SECTION("WATCHDOG_PID unset means this process too") {
    WatchdogEnv env("30000000", std::nullopt);
    CHECK(notifier.watchdog_interval() == std::chrono::seconds(30));
  }
  SECTION("a watchdog meant for another process is not ours") {
    WatchdogEnv env("30000000", ::getpid() + 1);
    CHECK_FALSE(notifier.watchdog_interval().has_value());
    CHECK_FALSE(notifier.watchdog_ping_period().has_value());
  }
  SECTION("no WatchdogSec= means no watchdog") {
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    CHECK_FALSE(notifier.watchdog_interval().has_value());
  }
  SECTION("asking twice gives the same answer (the environment is kept)") {
    WatchdogEnv env("2000000", ::getpid());
    CHECK(notifier.watchdog_interval() == std::chrono::seconds(2));
    CHECK(notifier.watchdog_interval() == std::chrono::seconds(2));
  }
}
