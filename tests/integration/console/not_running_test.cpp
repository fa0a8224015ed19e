// SPDX-License-Identifier: Apache-2.0
// sitewatchctl when no daemon answers: exit 3 and a message that says so, whether there is no
// socket at all or only the file a killed daemon left behind; a restarted daemon takes the file
// over.
#include <catch2/catch.hpp>

#include <filesystem>

#include "console_site.hpp"

using namespace sw::test;
using nlohmann::json;

TEST_CASE("without a daemon sitewatchctl exits 3: no socket, or a socket nobody listens on") {
  auto options = console_site_options();
  options.start_daemon = false;
  ConsoleSite site(options);
  const std::string path = site.socket();
  REQUIRE_FALSE(std::filesystem::exists(path));

  const std::string no_socket =
      "sitewatchctl: sitewatchd is not running (no socket at " + path + ")\n";
  for (const std::vector<std::string>& args : {std::vector<std::string>{"status"},
                                               {"alarms", "--json"},
                                               {"ack", "X", "--by", "alice"},
                                               {"verify-ledger"},
                                               {"watch", "--count", "1"}}) {
    const auto run = site.ctl(args);
    INFO(ConsoleSite::join(args));
    CHECK(run.code == 3);
    if (args[0] == "watch") {
      CHECK_THAT(run.out, Catch::Contains("sitewatchd is not running (no socket at " + path + ")"));
    } else {
      CHECK(run.out.empty());
      CHECK(run.err == no_socket);
    }
  }

  site.site().start_daemon();
  CHECK(site.ctl({"status"}).code == 0);
  site.site().kill_daemon();  // kill -9: no chance to remove the socket
  REQUIRE(std::filesystem::is_socket(path));
  const auto stale = site.ctl({"status"});
  CHECK(stale.code == 3);
  CHECK(stale.out.empty());
  CHECK(stale.err == "sitewatchctl: sitewatchd is not running (nothing listens on " + path + ")\n");

  // The next daemon replaces the stale file and answers on it.
  site.site().start_daemon();
  const auto back = site.ctl_json({"status"});
  CHECK(back["gateway_id"] == "gw-face3");
}
