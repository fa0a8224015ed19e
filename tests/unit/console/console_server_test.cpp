// SPDX-License-Identifier: Apache-2.0
// ConsoleServer over a real Unix socket in a temp dir, with the fake command table: what a client
// gets, and that nothing one client does reaches the daemon or the other clients.
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "console/listening_socket.hpp"
#include "fake_console.hpp"
#include "raw_client.hpp"
#include "support/skip.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::console;
using namespace sw::console::fixture;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The other client in "does not affect others" tests: it must get a correct answer, quickly.
void check_served(const std::string& path, int id) {
  RawClient other(path);
  const auto started = std::chrono::steady_clock::now();
  other.send(request_line(id, "status"));
  const auto answer = other.read_answer(2s);
  CHECK(answer["id"] == id);
  CHECK(answer["ok"] == true);
  CHECK(std::chrono::steady_clock::now() - started < 1s);
}

// A socket file nobody listens on, as a daemon killed with -9 leaves it.
void leave_stale_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
}

}  // namespace

TEST_CASE("a request gets its answer, with the client's id") {
  FakeConsole console;
  RawClient client(console.path);
  client.send(R"({"v":1,"id":7,"cmd":"status","args":{}})"
              "\n");
  const auto answer = client.read_answer();
  CHECK((answer == json{{"v", 1}, {"id", 7}, {"ok", true}, {"result", canned_status()}}));
}

TEST_CASE("one connection carries many requests, also several in one write") {
  FakeConsole console;
  RawClient client(console.path);
  for (int i = 0; i < 3; ++i) {
    client.send(request_line(i, "echo", {{"n", i}}));
    const auto answer = client.read_answer();
    CHECK(answer["id"] == i);
    CHECK((answer["result"] == json{{"n", i}}));
  }
  std::string burst;
  for (int i = 10; i < 50; ++i) burst += request_line(i, "echo", {{"n", i}});
  client.send(burst);
  for (int i = 10; i < 50; ++i) {
    const auto answer = client.read_answer();
    CHECK(answer["id"] == i);  // in order
    CHECK(answer["result"]["n"] == i);
  }
  CHECK(console.server.stats().requests == 43);
}

TEST_CASE(
    "an unknown command, garbage and a wrong version get error answers and the "
    "connection goes on") {
  FakeConsole console;
  RawClient client(console.path);

  client.send(request_line(1, "frobnicate"));
  auto answer = client.read_answer();
  CHECK(answer["id"] == 1);
  CHECK(answer["ok"] == false);
  CHECK(answer["error"]["code"] == "unknown_command");

  client.send("this is not json\n");
  answer = client.read_answer();
  CHECK(answer["id"].is_null());
  CHECK(answer["error"]["code"] == "bad_request");

  client.send(R"({"v":9,"id":"old","cmd":"status"})"
              "\n");
  answer = client.read_answer();
  CHECK(answer["id"] == "old");
  CHECK(answer["error"]["code"] == "unsupported_version");

  client.send(request_line(2, "boom"));
  answer = client.read_answer();
  CHECK(answer["error"]["code"] == "internal");

  client.send("\n   \r\n");  // blank lines are ignored, not answered
  client.send(request_line(3, "status"));
  answer = client.read_answer();
  CHECK(answer["id"] == 3);
  CHECK(answer["ok"] == true);
}

TEST_CASE("a client that sends its request and closes its side (socat, nc -N) gets the answer") {
  FakeConsole console;
  RawClient client(console.path);
  client.send(R"({"v":1,"id":1,"cmd":"status"})");  // no newline either
  client.shutdown_write();
  const auto answer = client.read_answer();
  CHECK(answer["id"] == 1);
  CHECK(answer["ok"] == true);
  CHECK(client.closed_by_server(2s));
}

TEST_CASE("handlers learn the caller from the kernel") {
  FakeConsole console;
  RawClient client(console.path);
  client.send(request_line(1, "whoami"));
  const auto answer = client.read_answer();
  CHECK(answer["result"]["uid"] == ::getuid());
  CHECK(answer["result"]["pid"] == ::getpid());
}

TEST_CASE("many clients at once are all served") {
  FakeConsole console;
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      RawClient client(console.path);
      for (int i = 0; i < 25; ++i) {
        client.send(request_line(c * 100 + i, "echo", {{"c", c}}));
        const auto answer = client.read_answer();
        if (answer["id"] == c * 100 + i && answer["result"]["c"] == c) ++good;
      }
    });
  for (auto& t : clients) t.join();
  CHECK(good == 200);
}

TEST_CASE("a line longer than the limit drops only that client") {
  FakeConsole console;  // default limit: 64 KiB
  RawClient greedy(console.path);
  greedy.send(std::string(70 * 1024, 'x'));  // and no newline
  REQUIRE(greedy.closed_by_server(5s));
  // Its last word: why it was dropped.
  const auto parting = json::parse(greedy.read_line(0ms).value_or("{}"));
  CHECK(parting["error"]["code"] == "bad_request");
  CHECK_THAT(parting["error"]["message"].get<std::string>(),
             Catch::Contains("longer than 65536 bytes"));
  CHECK(console.server.stats().dropped_oversized == 1);
  check_served(console.path, 2);
}

TEST_CASE("a complete line over the limit is refused the same way") {
  ServerLimits limits = quick_limits();
  limits.max_line_bytes = 1024;
  FakeConsole console(limits);
  RawClient client(console.path);
  client.send(request_line(1, "echo", {{"pad", std::string(2000, 'p')}}));
  CHECK(client.closed_by_server(5s));
  CHECK(console.server.stats().dropped_oversized == 1);
  check_served(console.path, 2);
}

TEST_CASE("a client that stalls mid-line is dropped after the timeout while another is served") {
  FakeConsole console;  // line timeout 300 ms
  RawClient stalled(console.path);
  stalled.send(R"({"v":1,"id":1,"cmd":"sta)");
  // While it stalls, others are answered at once.
  check_served(console.path, 10);
  check_served(console.path, 11);
  REQUIRE(stalled.closed_by_server(5s));
  CHECK(console.server.stats().dropped_stalled == 1);
  check_served(console.path, 12);
}

TEST_CASE("a client that never reads its answers is dropped, the others are served") {
  ServerLimits limits = quick_limits();
  limits.max_output_bytes = 128 * 1024;
  FakeConsole console(limits);
  RawClient deaf(console.path);
  const int small = 4096;
  ::setsockopt(deaf.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += request_line(i, "big");  // 200 × 64 KiB of answers
  deaf.send(requests);
  check_served(console.path, 1000);
  REQUIRE(sw::test::wait_until([&] { return console.server.stats().dropped_unread == 1; }, 10s));
  check_served(console.path, 1001);
}

TEST_CASE("an idle connection is closed after the idle timeout") {
  ServerLimits limits = quick_limits();
  limits.idle_timeout = Millis{200};
  FakeConsole console(limits);
  RawClient idle(console.path);
  idle.send(request_line(1, "status"));
  CHECK(idle.read_answer()["ok"] == true);
  CHECK(idle.closed_by_server(5s));
  CHECK(console.server.stats().closed_idle == 1);
}

TEST_CASE("beyond max_clients a client is told so and closed, the others are unaffected") {
  ServerLimits limits = quick_limits();
  limits.max_clients = 2;
  FakeConsole console(limits);
  RawClient one(console.path);
  RawClient two(console.path);
  REQUIRE(sw::test::wait_until([&] { return console.server.stats().clients == 2; }));
  RawClient three(console.path);
  const auto refusal = three.read_answer();
  CHECK(refusal["error"]["code"] == "refused");
  CHECK_THAT(refusal["error"]["message"].get<std::string>(), Catch::Contains("too many"));
  CHECK(three.closed_by_server(2s));
  CHECK(console.server.stats().refused_busy == 1);
  one.send(request_line(1, "status"));
  CHECK(one.read_answer()["ok"] == true);
}

TEST_CASE("garbage of every kind never takes the server down") {
  FakeConsole console;
  {
    RawClient client(console.path);
    client.send(std::string(30000, '[') + std::string(30000, ']') + "\n");  // deep nesting
    CHECK(client.read_answer()["error"]["code"] == "bad_request");
    client.send(std::string("\0\x01\xff\xfe{}\n", 7));
    CHECK(client.read_answer()["error"]["code"] == "bad_request");
    client.send(
        "{\"v\":1,\"id\":1,\"cmd\":\"echo\",\"args\":{\"s\":\"\\ud800\"}}\n");  // lone surrogate
    (void)client.read_answer();
  }
  {
    RawClient vanishing(console.path);
    vanishing.send(request_line(1, "big"));
  }  // closed before reading: the server's send fails, quietly
  check_served(console.path, 5);
}

TEST_CASE("the socket file is 0660 and gets the configured group when it exists") {
  const group* nogroup = ::getgrnam("nogroup");
  if (nogroup == nullptr || ::geteuid() != 0)
    sw::test::skip_test("needs root and group 'nogroup' to chown the socket");
  FakeConsole console(quick_limits(), "nogroup");
  struct stat st {};
  REQUIRE(::stat(console.path.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 07777) == 0660);
  CHECK(st.st_gid == nogroup->gr_gid);
}

TEST_CASE("a socket's missing group is logged, and the file keeps its mode") {
  FakeConsole console(quick_limits(), "sitewatch-no-such-group");
  struct stat st {};
  REQUIRE(::stat(console.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0660);
  CHECK(st.st_gid == ::getegid());
}

TEST_CASE("a stale socket file is replaced at start and the socket is removed at stop") {
  sw::test::TempDir dir;
  const std::string path = dir.file("console.sock");
  leave_stale_socket(path);
  {
    ConsoleServer server({path, "", 0660, quick_limits()}, fake_commands());
    server.start();
    RawClient client(path);
    client.send(request_line(1, "status"));
    CHECK(client.read_answer()["ok"] == true);
    server.stop();
    CHECK_FALSE(std::filesystem::exists(path));
    server.stop();  // idempotent
  }
}

TEST_CASE("a second server does not take a live console's socket, nor replace a non-socket") {
  FakeConsole first;
  ConsoleServer second({first.path, "", 0660, quick_limits()}, fake_commands());
  CHECK_THROWS_WITH(second.start(), Catch::Contains("another process is serving it"));
  check_served(first.path, 1);

  sw::test::TempDir dir;
  const std::string path = dir.write("console.sock", "precious\n");
  ConsoleServer wrong({path, "", 0660, quick_limits()}, fake_commands());
  CHECK_THROWS_WITH(wrong.start(), Catch::Contains("not a socket"));
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  CHECK(text == "precious");
}

TEST_CASE("a socket path in a missing directory is a clear start-up error") {
  ConsoleServer server({"/nonexistent-sitewatch-dir/console.sock", "", 0660, quick_limits()},
                       fake_commands());
  CHECK_THROWS_WITH(server.start(), Catch::Contains("/nonexistent-sitewatch-dir/console.sock") &&
                                        Catch::Contains("directory must exist"));
}
