// SPDX-License-Identifier: Apache-2.0
// Clients that send garbage, stall halfway through a line, never read their answers or send a
// line far too long, all at once on a real daemon's socket: each is answered or dropped on its
// own, and an operator's `sitewatchctl status` meanwhile answers at once.
#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <memory>

#include "console_site.hpp"
#include "text_layout.hpp"
#include "unit/console/raw_client.hpp"

using namespace sw::test;
using nlohmann::json;
using sw::console::fixture::RawClient;
using sw::console::fixture::request_line;

namespace {

// Sends as much of `bytes` as the socket takes without blocking; returns how much it took.
std::size_t send_what_fits(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n =
        ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

}  // namespace

TEST_CASE("garbage and stalled clients on the socket do not disturb a concurrent status") {
  ConsoleSite site;
  REQUIRE_FALSE(site.await_json({"status"},
                                [](const json& s) { return s["devices"].value("online", 0) == 4; })
                    .is_null());

  // Garbage: answered with an error on the same connection, which goes on working.
  RawClient garbage(site.socket());
  garbage.send(std::string("\x00\xff\xfe{{{ not json\n", 16));
  const auto not_json = garbage.read_answer();
  CHECK(not_json["ok"] == false);
  CHECK(not_json["id"].is_null());
  CHECK(not_json["error"]["code"] == "bad_request");
  garbage.send("{\"v\":2,\"id\":5,\"cmd\":\"status\"}\n");
  const auto v2 = garbage.read_answer();
  CHECK(v2["error"]["code"] == "unsupported_version");
  CHECK(v2["id"] == 5);
  garbage.send(request_line(6, "rm -rf /"));
  CHECK(garbage.read_answer()["error"]["code"] == "unknown_command");
  garbage.send(request_line(7, "ack", {{"alarm_id", 42}}));
  CHECK(garbage.read_answer()["error"]["code"] == "bad_request");

  // Stalled halfway through a request, and never finishing it.
  RawClient stalled(site.socket());
  stalled.send("{\"v\":1,\"id\":1,\"cmd\":\"sta");
  // Asks and asks, never reads: its answers back up until the daemon stops reading from it.
  RawClient unread(site.socket());
  std::string flood;
  for (int i = 0; i < 3000; ++i) flood += request_line(i, "status");
  CHECK(send_what_fits(unread.fd(), flood) > 0);
  // A line longer than the 64 KiB limit: this client is dropped.
  RawClient oversized(site.socket());
  send_what_fits(oversized.fd(), std::string(70 * 1024, 'x'));
  // And some that connect and say nothing.
  std::vector<std::unique_ptr<RawClient>> silent;
  for (int i = 0; i < 8; ++i) silent.push_back(std::make_unique<RawClient>(site.socket()));

  // Meanwhile the operator's commands answer promptly, several at once.
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<CtlProcess>> operators;
  for (int i = 0; i < 4; ++i)
    operators.push_back(std::make_unique<CtlProcess>(std::vector<std::string>{
        "--socket", site.socket(), "--timeout", "3s", i % 2 == 0 ? "status" : "alarms"}));
  for (auto& op : operators) {
    const auto result = op->wait(std::chrono::seconds(10));
    REQUIRE(result);
    INFO(result->out << result->err);
    CHECK(result->code == 0);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  const auto status = site.ctl({"status"});
  CHECK(status.code == 0);
  CHECK(line_with(status.out, "Gateway") ==
        "Gateway : gw-face3 (enterprise DEMO-COAL-01, coal_mine)");

  // The oversized client was told why and dropped; the garbage client still gets answers.
  CHECK(oversized.closed_by_server(std::chrono::seconds(5)));
  garbage.send(request_line(8, "status"));
  const auto after = garbage.read_answer();
  CHECK(after["ok"] == true);
  CHECK(after["result"]["gateway_id"] == "gw-face3");
  CHECK(site.site().daemon().running());
}
