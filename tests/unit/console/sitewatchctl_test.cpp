// SPDX-License-Identifier: Apache-2.0
// The real sitewatchctl program against a test console server, run as a child process: what a
// script sees (--json, exit codes) and what a person sees (tables; colour only on a terminal).
#include <catch2/catch.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "fake_console.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::console;
using namespace sw::console::fixture;
using nlohmann::json;

namespace {

struct Run {
  int code = -1;
  std::string output;  // stdout and stderr together
};

Run run_ctl(std::vector<std::string> args, std::vector<std::string> env = {}) {
  sw::test::TempDir logs;
  const auto command = sw::test::built_command("sitewatchctl");
  args.insert(args.begin(), command.begin(), command.end());
  sw::test::ChildProcess child(args, logs.file("out.log"), std::move(env));
  const auto code = child.wait_exit(20'000);
  REQUIRE(code.has_value());
  return {*code, child.log()};
}

// On a pseudo-terminal, as when a person runs it.
Run run_on_tty(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  const auto command = sw::test::built_command("sitewatchctl");
  args.insert(args.begin(), command.begin(), command.end());
  int master = -1;
  winsize size{};
  size.ws_col = 200;
  size.ws_row = 50;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::unsetenv("NO_COLOR");
    ::setenv("TERM", "xterm", 1);
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Run run;
  char buffer[4096];
  for (ssize_t n; (n = ::read(master, buffer, sizeof buffer)) > 0;)  // EIO once the child is gone
    run.output.append(buffer, static_cast<std::size_t>(n));
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool has_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos;
}

}  // namespace

TEST_CASE("sitewatchctl status --json prints the daemon's result for scripts") {
  FakeConsole console;
  const auto run = run_ctl({"--socket", console.path, "status", "--json"});
  CHECK(run.code == 0);
  CHECK(json::parse(run.output) == canned_status());
}

TEST_CASE("sitewatchctl prints aligned tables without colour when not on a terminal") {
  FakeConsole console;
  const auto devices = run_ctl({"--socket", console.path, "devices"});
  CHECK(devices.code == 0);
  CHECK_FALSE(has_escape(devices.output));
  CHECK_THAT(devices.output,
             Catch::StartsWith("BUS     DEVICE        STATE    LAST READ  REQUESTS  ERRORS      "
                               "       LAST/AVG MS  LAST ERROR\n"));
  CHECK_THAT(devices.output, Catch::EndsWith("2 of 3 devices online\n"));

  const auto alarms = run_ctl({"--socket", console.path, "--utc", "alarms"});
  CHECK(alarms.code == 0);
  CHECK_THAT(
      alarms.output,
      Catch::Contains("01JDQ6X4ZK8Y2M7N3P5R9T1V0W  UNACK  power_cut  face3.ch4  "
                      "3号工作面回风隅角   1.62  1.71    1.5  %CH4  2025-11-29 01:58:10  -\n"));
  CHECK_THAT(alarms.output, Catch::Contains("1 alarm shelved or out of service not shown"));

  const auto points = run_ctl({"--socket", console.path, "points", "face3.*", "--json"});
  CHECK(points.code == 0);
  CHECK(json::parse(points.output).size() == 3);
}

TEST_CASE("on a terminal sitewatchctl colours what matters, unless NO_COLOR is set") {
  FakeConsole console;
  const auto tty = run_on_tty({"--socket", console.path, "alarms"});
  CHECK(tty.code == 0);
  CHECK_THAT(tty.output, Catch::Contains("\x1b[1;31mUNACK\x1b[0m"));

  const auto no_color = run_on_tty({"--socket", console.path, "alarms"}, {"NO_COLOR=1"});
  CHECK(no_color.code == 0);
  CHECK_FALSE(has_escape(no_color.output));
  CHECK_THAT(no_color.output, Catch::Contains("01JDQ6X4ZK8Y2M7N3P5R9T1V0W  UNACK"));
}

TEST_CASE("sitewatchctl exit codes: not running 3, refused 1, usage 2") {
  sw::test::TempDir dir;
  const auto missing = dir.file("console.sock");
  const auto not_running = run_ctl({"--socket", missing, "status"});
  CHECK(not_running.code == 3);
  CHECK(not_running.output ==
        "sitewatchctl: sitewatchd is not running (no socket at " + missing + ")\n");

  FakeConsole console;
  const auto refused = run_ctl({"--socket", console.path, "ack", "nope"});
  CHECK(refused.code == 1);
  CHECK(refused.output == "sitewatchctl: sitewatchd: no alarm 'nope' (refused)\n");

  const auto bad_duration = run_ctl({"--socket", console.path, "shelve", "X", "3x"});
  CHECK(bad_duration.code == 2);
  CHECK_THAT(bad_duration.output, Catch::Contains("'3x' is not a duration"));
  CHECK(run_ctl({"--socket", console.path}).code == 2);
  CHECK(run_ctl({"--socket", console.path, "frobnicate"}).code == 2);
  CHECK(run_ctl({"--help"}).code == 0);
  CHECK_THAT(run_ctl({"--help"}).output, Catch::Contains("3  sitewatchd is not running"));

  const auto reload = run_ctl({"--socket", console.path, "reload"});
  CHECK(reload.code == 1);  // the fake refuses the new config
  CHECK_THAT(reload.output, Catch::Contains("the running configuration stays in force"));
  CHECK(run_ctl({"--socket", console.path, "verify-ledger"}).code == 0);
}

TEST_CASE("sitewatchctl finds the socket in SITEWATCH_SOCKET and the operator in SUDO_USER") {
  FakeConsole console;
  const auto run = run_ctl({"ack", "01JDQ6X4ZK8Y2M7N3P5R9T1V0W", "--json"},
                           {"SITEWATCH_SOCKET=" + console.path, "SUDO_USER=carol"});
  CHECK(run.code == 0);
  const auto result = json::parse(run.output);
  CHECK(result["state"] == "acknowledged");
  CHECK(result["by"] == "carol");

  const auto by = run_ctl(
      {"--socket", console.path, "ack", "01JDQ6X4ZK8Y2M7N3P5R9T1V0W", "--by", "dave", "--json"});
  CHECK(json::parse(by.output)["by"] == "dave");
}

TEST_CASE("sitewatchctl history and shelve pass their arguments in the protocol's forms") {
  FakeConsole console;
  const auto history =
      run_ctl({"--socket", console.path, "--utc", "history", "face3.ch4", "--since", "2h"});
  CHECK(history.code == 0);
  CHECK_THAT(history.output, Catch::Contains("2025-11-29 01:58:00   1.62  good\n"));

  const auto shelve =
      run_ctl({"--socket", console.path, "--utc", "shelve", "01JDQ5M2AB3C4D5E6F7G8H9J0K", "30m"});
  CHECK(shelve.code == 0);
  CHECK(shelve.output ==
        "shelved 01JDQ5M2AB3C4D5E6F7G8H9J0K: now SHLVD until 2025-11-29 02:30:00\n");
}

TEST_CASE("sitewatchctl watch prints one screen per interval when not on a terminal") {
  FakeConsole console;
  const auto run =
      run_ctl({"--socket", console.path, "watch", "--count", "2", "--interval", "50ms"});
  CHECK(run.code == 0);
  CHECK_FALSE(has_escape(run.output));
  std::size_t screens = 0;
  for (auto at = run.output.find("sitewatch gw-face3 at "); at != std::string::npos;
       at = run.output.find("sitewatch gw-face3 at ", at + 1))
    ++screens;
  CHECK(screens == 2);
  CHECK_THAT(run.output, Catch::Contains("MAJOR HAZARD 01JDQ6X4ZK8Y2M7N3P5R9T1V0W"));

  sw::test::TempDir dir;
  const auto gone = run_ctl({"--socket", dir.file("none.sock"), "watch", "--count", "1"});
  CHECK(gone.code == 3);
  CHECK_THAT(gone.output, Catch::Contains("sitewatchd is not running"));
}

TEST_CASE("sitewatchctl watch redraws in place on a terminal") {
  FakeConsole console;
  const auto run =
      run_on_tty({"--socket", console.path, "watch", "--count", "2", "--interval", "50ms"});
  CHECK(run.code == 0);
  CHECK_THAT(run.output, Catch::StartsWith("\x1b[H\x1b[2J"));
}
