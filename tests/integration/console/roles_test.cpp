// SPDX-License-Identifier: Apache-2.0
// Issue 19, item 2, against a real daemon with the real sitewatchctl: an operator (a member of the
// [console] group, not root) may ack but not reload; every action names the operator and the uid
// the kernel reports; a `--by` that could forge a ledger line or drive a terminal is refused.
#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console_site.hpp"
#include "support/skip.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// The console's operators are group `users` here (sitewatch-ops on a real gateway).
SiteOptions operators_are_users() {
  SiteOptions options = console_site_options();
  options.replace["\n[console]\n"] = "\n[console]\ngroup = \"users\"\n";
  return options;
}

// The methane limit alarm at the power-cut level: it stays active while the test acts on it.
json methane_limit_alarm(ConsoleSite& site) {
  return site.await_alarm("face3.ch4", "limit",
                          [](const json& a) { return a.value("level", "") == "power_cut"; });
}

}  // namespace

TEST_CASE("an operator may ack but not reload, and the ack names the operator and the uid") {
  if (::geteuid() != 0) skip_test("running sitewatchctl as another user needs root");
  const passwd* nobody = ::getpwnam("nobody");
  const group* users = ::getgrnam("users");
  if (nobody == nullptr || users == nullptr) skip_test("needs user nobody and group users");
  ConsoleSite site(operators_are_users());
  REQUIRE(::chmod(site.site().dir().path().c_str(), 0711) == 0);
  struct stat st {};
  REQUIRE(::stat(site.socket().c_str(), &st) == 0);
  REQUIRE(st.st_gid == users->gr_gid);
  const CtlEnv as_operator{{}, RunAs{nobody->pw_uid, nobody->pw_gid, {users->gr_gid}}};

  const auto status = site.ctl({"status", "--json"}, as_operator);
  CHECK(status.code == 0);

  const auto reload = site.ctl({"reload"}, as_operator);
  CHECK(reload.code == 1);
  CHECK_THAT(reload.err,
             Catch::Contains("'reload' is not permitted for nobody (uid " +
                             std::to_string(nobody->pw_uid) + "): it needs root (uid 0)"));

  const json alarm = methane_limit_alarm(site);
  REQUIRE_FALSE(alarm.is_null());
  const std::string id = alarm["alarm_id"];
  const auto ack = site.ctl({"ack", id, "--by", "shift-lead"}, as_operator);
  INFO(ack.err);
  CHECK(ack.code == 0);
  const std::string expected_by =
      "shift-lead (as nobody, uid " + std::to_string(nobody->pw_uid) + ")";
  CHECK_FALSE(site.await_json({"alarms", "--all"},
                              [&](const json& alarms) {
                                for (const auto& a : alarms)
                                  if (a["alarm_id"] == id) return a["acked_by"] == expected_by;
                                return false;
                              })
                  .is_null());
  CHECK(wait_until([&] {
    return site.site().daemon().log().find("[console] ack " + id + " by " + expected_by) !=
           std::string::npos;
  }));
}

TEST_CASE("a --by of 5 KB with newlines and terminal escapes is refused, as on the MQTT path") {
  ConsoleSite site;
  const json alarm = methane_limit_alarm(site);
  REQUIRE_FALSE(alarm.is_null());
  const std::string id = alarm["alarm_id"];
  std::string forged = "li\n2026-12-07 03:00:00 [info] [console] ack by chief\x1b[2J";
  forged += std::string(5000, 'x');
  const auto long_by = site.ctl({"ack", id, "--by", forged});
  CHECK(long_by.code == 1);
  CHECK_THAT(long_by.err, Catch::Contains("argument \"by\": expected 1..64 bytes"));
  const auto escapes = site.ctl({"ack", id, "--by", "li\x1b[2J"});
  CHECK(escapes.code == 1);
  CHECK_THAT(escapes.err, Catch::Contains("argument \"by\": control characters are not allowed"));
  CHECK(site.alarm_by_id(id)["acked_by"].is_null());
  // Root without --by is recorded as root with its uid.
  const auto root_ack = site.ctl({"ack", id});
  INFO(root_ack.out << root_ack.err);
  CHECK(root_ack.code == 0);
  CHECK_FALSE(site.await_json({"alarms", "--all"},
                              [&](const json& alarms) {
                                for (const auto& a : alarms)
                                  if (a["alarm_id"] == id) return a["acked_by"] == "root (uid 0)";
                                return false;
                              })
                  .is_null());
}
