// SPDX-License-Identifier: Apache-2.0
// The console socket's mode and group are its access control (docs/console.md "Who may use it"):
// the real sitewatchctl, run as `nobody` against a real daemon, is turned away with exit 4 and
// told to join group sitewatch-ops; the same user in the socket's group gets in.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console_site.hpp"
#include "support/skip.hpp"

using namespace sw::test;
using nlohmann::json;

TEST_CASE("a user outside the socket's group gets exit 4 and is told to join group sitewatch-ops") {
  if (::geteuid() != 0) {
    sw::test::skip_test("running sitewatchctl as user nobody needs root (tests run as uid " +
                        std::to_string(::geteuid()) + ")");
  }
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) {
    sw::test::skip_test("needs user nobody");
  }
  const RunAs outsider{nobody->pw_uid, nobody->pw_gid, {}};

  ConsoleSite site;
  const std::string path = site.socket();
  // Only the socket decides: its directory lets everybody through.
  REQUIRE(::chmod(site.site().dir().path().c_str(), 0711) == 0);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0660);
  // The configured group (sitewatch-ops) when it exists; else the daemon keeps its own (root's).
  const group* sitewatch = ::getgrnam("sitewatch-ops");
  CHECK(st.st_gid == (sitewatch != nullptr ? sitewatch->gr_gid : ::getegid()));
  REQUIRE(st.st_gid != nobody->pw_gid);

  const auto denied = site.ctl({"status"}, {{}, outsider});
  CHECK(denied.code == 4);
  CHECK(denied.out.empty());
  CHECK(denied.err ==
        "sitewatchctl: permission denied on " + path +
            ": add yourself to group sitewatch-ops (sudo usermod -aG sitewatch-ops $USER, "
            "then log in again)\n");
  CHECK(site.ctl({"ack", "X", "--by", "mallory"}, {{}, outsider}).code == 4);

  // The same user as a member of the socket's group.
  const RunAs member{nobody->pw_uid, nobody->pw_gid, {st.st_gid}};
  const auto admitted = site.ctl({"status", "--json"}, {{}, member});
  CHECK(admitted.code == 0);
  CHECK(admitted.json()["gateway_id"] == "gw-face3");
}
