// SPDX-License-Identifier: Apache-2.0
// The sitewatchctl client library against a real socket: every way of failing maps to its exit
// code and a message that says what to do.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "console/unique_fd.hpp"
#include "fake_console.hpp"
#include "sitewatchctl/console_client.hpp"
#include "support/skip.hpp"

using namespace sw;
using namespace sw::console;
using namespace sw::console::fixture;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A socket that is bound and listening but never accepts or answers: a hung daemon.
UniqueFd listen_silently(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd.get(), 4) == 0);
  return fd;
}

struct Failure {
  ExitCode code;
  std::string message;
};

template <class F>
Failure failure_of(F&& f) {
  try {
    f();
  } catch (const ClientError& e) {
    return {e.exit_code(), e.what()};
  }
  FAIL("no ClientError");
  return {ExitCode::ok, ""};
}

// Runs `client` in a forked child that has dropped root for `nobody` (optionally with a
// supplementary group). Returns the child's exit code and what it wrote to the pipe. Root ignores
// file permissions, so a permission test is only honest as another user.
std::pair<int, std::string> as_nobody(const std::string& path, std::optional<gid_t> extra_group) {
  const passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  const uid_t uid = nobody->pw_uid;
  const gid_t gid = nobody->pw_gid;
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(out[0]);
    const gid_t groups[1] = {extra_group.value_or(gid)};
    if (::setgroups(extra_group ? 1 : 0, groups) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
      ::_exit(99);
    int code = 0;
    std::string text;
    try {
      ConsoleClient client(path, Millis{2000});
      text = client.call("status").value("gateway_id", "");
    } catch (const ClientError& e) {
      code = static_cast<int>(e.exit_code());
      text = e.what();
    }
    (void)!::write(out[1], text.data(), text.size());
    ::_exit(code);
  }
  ::close(out[1]);
  std::string text;
  char buffer[1024];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

}  // namespace

TEST_CASE("the client calls a command and returns its result") {
  FakeConsole console;
  ConsoleClient client(console.path, Millis{2000});
  CHECK(client.call("status") == canned_status());
  CHECK((client.call("echo", {{"a", 1}}) == json{{"a", 1}}));  // same connection, next id
}

TEST_CASE("an error answer is returned by request() and thrown as exit 1 by call()") {
  FakeConsole console;
  ConsoleClient client(console.path, Millis{2000});
  const auto answer = client.request("ack", {{"alarm_id", "nope"}, {"by", "x"}});
  CHECK_FALSE(answer.ok);
  CHECK(answer.error_code == "refused");
  const auto f = failure_of([&] { client.call("ack", {{"alarm_id", "nope"}, {"by", "x"}}); });
  CHECK(f.code == ExitCode::refused);
  CHECK(f.message == "sitewatchd: no alarm 'nope' (refused)");
}

TEST_CASE("no socket: exit 3, sitewatchd is not running") {
  sw::test::TempDir dir;
  const auto path = dir.file("console.sock");
  const auto f = failure_of([&] { ConsoleClient client(path, Millis{500}); });
  CHECK(f.code == ExitCode::not_running);
  CHECK(f.message == "sitewatchd is not running (no socket at " + path + ")");
}

TEST_CASE("a socket nobody listens on: exit 3 too") {
  sw::test::TempDir dir;
  const auto path = dir.file("console.sock");
  { auto fd = listen_silently(path); }  // closed: the file stays, nobody listens
  const auto f = failure_of([&] { ConsoleClient client(path, Millis{500}); });
  CHECK(f.code == ExitCode::not_running);
  CHECK(f.message == "sitewatchd is not running (nothing listens on " + path + ")");
}

TEST_CASE("a daemon that accepts but never answers: exit 5 after the timeout") {
  sw::test::TempDir dir;
  const auto path = dir.file("console.sock");
  const auto hung = listen_silently(path);
  ConsoleClient client(path, Millis{200});  // the kernel completes the connect from the backlog
  const auto started = std::chrono::steady_clock::now();
  const auto f = failure_of([&] { client.call("status"); });
  CHECK(f.code == ExitCode::timeout_or_protocol);
  CHECK(f.message == "no answer from sitewatchd within 200ms");
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("an answer that is not the console protocol, or none at all: exit 5") {
  sw::test::TempDir dir;
  const auto path = dir.file("console.sock");
  const auto listener = listen_silently(path);
  const auto serve_once = [&](std::string reply) {
    return std::thread([&listener, reply] {
      UniqueFd peer(::accept(listener.get(), nullptr, nullptr));
      char buffer[4096];
      (void)!::recv(peer.get(), buffer, sizeof buffer, 0);
      (void)!::send(peer.get(), reply.data(), reply.size(), MSG_NOSIGNAL);
    });
  };
  {
    auto server = serve_once("HTTP/1.1 400 Bad Request\r\n\r\n");
    ConsoleClient client(path, Millis{2000});
    const auto f = failure_of([&] { client.call("status"); });
    server.join();
    CHECK(f.code == ExitCode::timeout_or_protocol);
    CHECK_THAT(f.message, Catch::StartsWith("unexpected answer from sitewatchd"));
  }
  {
    auto server = serve_once("");
    ConsoleClient client(path, Millis{2000});
    const auto f = failure_of([&] { client.call("status"); });
    server.join();
    CHECK(f.code == ExitCode::timeout_or_protocol);
    CHECK(f.message == "sitewatchd closed the connection without answering");
  }
}

TEST_CASE("permission denied on the socket: exit 4, a member of its group gets in") {
  if (::geteuid() != 0) {
    sw::test::skip_test("switching to user nobody needs root (tests run as uid " +
                        std::to_string(::geteuid()) + ")");
  }
  const group* nogroup = ::getgrnam("nogroup");
  if (nogroup == nullptr || ::getpwnam("nobody") == nullptr) {
    sw::test::skip_test("needs user nobody and group nogroup");
  }
  // The socket's group is the access control: root's group keeps nobody out...
  FakeConsole closed_console(quick_limits(), "root");
  REQUIRE(::chmod(closed_console.dir.path().c_str(), 0755) == 0);  // only the socket decides
  const auto [code, message] = as_nobody(closed_console.path, std::nullopt);
  CHECK(code == static_cast<int>(ExitCode::permission_denied));
  CHECK(message ==
        "permission denied on " + closed_console.path +
            ": add yourself to group sitewatch-ops (sudo usermod -aG sitewatch-ops $USER, "
            "then log in again)");

  // ...and membership in the socket's group lets the same user in.
  FakeConsole open_console(quick_limits(), "nogroup");
  REQUIRE(::chmod(open_console.dir.path().c_str(), 0755) == 0);
  const auto [member_code, member_text] = as_nobody(open_console.path, nogroup->gr_gid);
  CHECK(member_code == 0);
  CHECK(member_text == "gw-face3");
}
