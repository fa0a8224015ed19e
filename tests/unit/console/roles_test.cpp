// SPDX-License-Identifier: Apache-2.0
// Issue 19, items 2 and 7: who may do what on the console, decided by the kernel's word on the
// peer (SO_PEERCRED, SO_PEERGROUPS), not by what the client claims; and how many connections one
// user may hold.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <vector>

#include "console/access.hpp"
#include "console/command_table.hpp"
#include "console/console_error.hpp"
#include "fake_console.hpp"
#include "raw_client.hpp"
#include "support/skip.hpp"
#include "support/wait_until.hpp"

using namespace sw::console;
using namespace sw::console::fixture;
using nlohmann::json;

namespace {

constexpr gid_t kOperators = 4242;

CommandTable role_table() {
  CommandTable t;
  t.add("status", "a read", [](const json&) { return json("status"); });
  t.add("ack", "an operator's action", Access::operate, [](const json&) { return json("acked"); });
  t.add("reload", "root's", Access::admin, [](const json&) { return json("reloaded"); });
  t.set_operators_group(kOperators);
  return t;
}

Peer peer(uid_t uid, gid_t gid, std::vector<gid_t> groups = {}) {
  return Peer{1234, uid, gid, std::move(groups), "u" + std::to_string(uid)};
}

std::string refusal(const CommandTable& t, const std::string& cmd, const Peer& p) {
  try {
    t.run(cmd, json::object(), p);
    return "";
  } catch (const ConsoleError& e) {
    CHECK(e.code() == ErrorCode::refused);
    return e.what();
  }
}

}  // namespace

TEST_CASE("reload is root's alone, ack is for root and the operators' group, reads for all") {
  const CommandTable t = role_table();
  const Peer root = peer(0, 0);
  const Peer operator_by_group = peer(1000, 1000, {27, kOperators});
  const Peer operator_primary = peer(1001, kOperators);
  const Peer daemon_account = peer(998, 998);

  CHECK(t.run("reload", {}, root) == "reloaded");
  CHECK(t.run("ack", {}, root) == "acked");
  CHECK(t.run("ack", {}, operator_by_group) == "acked");
  CHECK(t.run("ack", {}, operator_primary) == "acked");
  CHECK(t.run("status", {}, operator_by_group) == "status");
  CHECK(t.run("status", {}, daemon_account) == "status");

  CHECK(refusal(t, "reload", operator_by_group) ==
        "'reload' is not permitted for u1000 (uid 1000): it needs root (uid 0); this connection "
        "may operate");
  CHECK_THAT(refusal(t, "ack", daemon_account), Catch::Contains("needs root or the console"));
}

TEST_CASE("without an operators' group only root may act") {
  CommandTable t = role_table();
  t.set_operators_group(std::nullopt);
  CHECK_FALSE(refusal(t, "ack", peer(1000, kOperators, {kOperators})).empty());
  CHECK(t.run("ack", {}, peer(0, 0)) == "acked");
}

TEST_CASE("help lists each command's access") {
  const json list = role_table().run("help", json::object(), peer(1000, 1000));
  for (const auto& entry : list)
    if (entry["name"] == "reload") CHECK(entry["access"] == "admin");
}

namespace {

// A child as `uid` opens `count` connections, asks each for status and reports what each was
// told through a pipe ('A' answered, 'U' the per-uid limit, 'K' the slot kept for root), then
// holds them until it is killed.
struct Holder {
  pid_t pid = -1;
  std::string told;
  ~Holder() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

void hold_connections(Holder& holder, const std::string& path, uid_t uid, gid_t gid, int count) {
  int report[2];
  REQUIRE(::pipe(report) == 0);
  holder.pid = ::fork();
  REQUIRE(holder.pid >= 0);
  if (holder.pid == 0) {
    ::close(report[0]);
    if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(2);
    std::vector<std::unique_ptr<RawClient>> held;
    std::string told;
    for (int i = 0; i < count; ++i) {
      std::string line;
      try {
        held.push_back(std::make_unique<RawClient>(path));
        // A refused client is told at once and closed: its send may fail, the refusal is read.
        try {
          held.back()->send(request_line(i, "status"));
        } catch (const std::exception&) {
        }
        line = held.back()->read_line(std::chrono::seconds(5)).value_or("");
      } catch (const std::exception&) {
        ::_exit(3);  // never back into the test runner from a forked child
      }
      told += line.find("kept for root") != std::string::npos ? 'K'
              : line.find("from uid") != std::string::npos    ? 'U'
                                                              : 'A';
    }
    (void)!::write(report[1], told.data(), told.size());
    for (;;) ::pause();
  }
  ::close(report[1]);
  std::string told(static_cast<std::size_t>(count), '?');
  const ssize_t n = ::read(report[0], told.data(), told.size());
  ::close(report[0]);
  REQUIRE(n == count);
  holder.told = told;
}

}  // namespace

TEST_CASE("one user's idle connections cannot lock out the others, and the last slot is root's") {
  if (::geteuid() != 0) sw::test::skip_test("connecting as another uid needs root");
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) sw::test::skip_test("needs user nobody");
  ServerLimits limits = quick_limits();
  limits.max_clients = 4;
  limits.max_clients_per_uid = 2;
  FakeConsole console(limits);
  REQUIRE(::chmod(console.dir.path().c_str(), 0755) == 0);
  REQUIRE(::chmod(console.path.c_str(), 0666) == 0);

  // The attack: one user opens connections and sits on them (32 did lock everyone out).
  Holder first;
  hold_connections(first, console.path, nobody->pw_uid, nobody->pw_gid, 3);
  CHECK(first.told == "AAU");
  // Another user gets in, until only the slot kept for root is left.
  Holder second;
  hold_connections(second, console.path, 64'000, 64'000, 2);
  CHECK(second.told == "AK");
  // Root still gets in.
  RawClient root(console.path);
  root.send(request_line(10, "status"));
  CHECK(root.read_answer()["ok"] == true);
}
