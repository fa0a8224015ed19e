// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl alarms [--all]`, `ack`, `shelve` and `unshelve` against a real site whose methane
// stays above the power-cut level with the feed on: a limit alarm (power_cut, 第498条) and the
// major hazard "power not cut" (瓦斯超限作业) stay active while the operator acts on them.
#include <catch2/catch.hpp>

#include <regex>

#include "console/protocol_time.hpp"
#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

struct MethaneAlarms {
  json limit;    // face3.ch4 limit alarm, escalated to power_cut
  json not_cut;  // face3.ch4 power_not_cut, a major hazard
};

MethaneAlarms await_methane_alarms(ConsoleSite& site) {
  MethaneAlarms a;
  a.limit = site.await_alarm("face3.ch4", "limit",
                             [](const json& x) { return x.value("level", "") == "power_cut"; });
  REQUIRE_FALSE(a.limit.is_null());
  a.not_cut = site.await_alarm("face3.ch4", "power_not_cut");
  REQUIRE_FALSE(a.not_cut.is_null());
  return a;
}

std::string id_of(const json& alarm) {
  return alarm["alarm_id"].get<std::string>();
}

// The ISA-18.2 short state in the alarms table, on the alarm's row.
std::string state_in_table(ConsoleSite& site, const std::string& alarm_id, bool all = false) {
  const auto run = site.ctl(all ? std::vector<std::string>{"alarms", "--all"}
                                : std::vector<std::string>{"alarms"});
  REQUIRE(run.code == 0);
  const auto row = line_with(run.out, alarm_id + "  ");
  if (row.empty()) return "";
  const auto header = lines_of(run.out)[0];
  const auto at = row.find(alarm_id) + alarm_id.size();
  const auto from = row.find_first_not_of(' ', at);
  const auto state = row.substr(from, row.find(' ', from) - from);
  CHECK(column_of(row, state + " ") == column_of(header, "STATE"));
  return state;
}

}  // namespace

TEST_CASE("alarms lists the active methane alarms in an aligned table and in the documented JSON") {
  ConsoleSite site;
  const auto a = await_methane_alarms(site);

  const auto alarms = site.ctl_json({"alarms"});
  REQUIRE(alarms.is_array());
  for (const auto& alarm : alarms) check_alarm_shape(alarm);
  const json& limit = a.limit;
  CHECK(limit["state"] == "unacknowledged");
  CHECK(limit["threshold"].get<double>() == Approx(1.5));
  CHECK(limit["value"].get<double>() >= 1.5);
  CHECK(limit["peak"].get<double>() >= limit["value"].get<double>());
  CHECK(limit["unit"] == "%CH4");
  CHECK(limit["location"] == "3号采煤工作面回风隅角");
  CHECK_THAT(limit["clause"].get<std::string>(), Catch::Contains("第498条"));
  CHECK(limit["acked_by"].is_null());
  CHECK(limit["shelved_until"].is_null());
  const json& hazard = a.not_cut;
  CHECK(hazard["major_hazard"] == true);
  CHECK(hazard["level"] == "power_not_cut");
  CHECK_FALSE(hazard["hazard_category"].get<std::string>().empty());
  CHECK_FALSE(hazard["clause"].get<std::string>().empty());
  CHECK(id_of(hazard) != id_of(limit));

  const auto table = site.ctl({"--utc", "alarms"});
  CHECK(table.code == 0);
  CHECK(table.err.empty());
  CHECK_FALSE(has_escape(table.out));
  const auto header = lines_of(table.out)[0];
  // The titles in order; their widths follow the longest cell, checked by the row below.
  CHECK(titles_of(header) == std::vector<std::string>{"ALARM ID", "STATE", "LEVEL", "POINT",
                                                      "LOCATION", "VALUE", "PEAK", "LIMIT", "UNIT",
                                                      "RAISED", "ACKED BY"});
  const auto row = line_with(table.out, id_of(limit));
  INFO(table.out);
  CHECK(column_of(row, "UNACK") == column_of(header, "STATE"));
  CHECK(column_of(row, "power_cut") == column_of(header, "LEVEL"));
  CHECK(column_of(row, "face3.ch4") == column_of(header, "POINT"));
  CHECK(column_of(row, "3号采煤工作面回风隅角") == column_of(header, "LOCATION"));
  // After the CJK location (two columns a character), the units still line up.
  CHECK(column_of(row, "%CH4") == column_of(header, "UNIT"));
  CHECK_THAT(row, Catch::Contains("1.5  %CH4"));  // LIMIT right-aligned against UNIT
  const auto raised = sw::console::parse_rfc3339(limit["raised_at"].get<std::string>());
  REQUIRE(raised);
  CHECK_THAT(row, Catch::Contains(limit["raised_at"].get<std::string>().substr(0, 10) + " " +
                                  limit["raised_at"].get<std::string>().substr(11, 8)));
  CHECK_THAT(row, Catch::EndsWith("  -"));  // nobody acknowledged it yet
  // Major hazards are named under the table with their category and clause.
  CHECK_THAT(table.out, Catch::Contains("MAJOR HAZARD " + id_of(hazard) + ": " +
                                        hazard["hazard_category"].get<std::string>() + " (" +
                                        hazard["clause"].get<std::string>() + ")"));
}

TEST_CASE("ack --by makes an alarm ACKED with who did it, acking it again is refused with exit 1") {
  ConsoleSite site;
  const auto a = await_methane_alarms(site);
  const std::string id = id_of(a.limit);

  const auto ack = site.ctl({"ack", id, "--by", "alice"});
  CHECK(ack.code == 0);
  CHECK(ack.err.empty());
  CHECK(ack.out == "acknowledged " + id + ": now ACKED\n");
  // What the console shows next agrees with what the ack answered.
  const auto after = site.alarm_by_id(id);
  REQUIRE_FALSE(after.is_null());
  CHECK(after["state"] == "acknowledged");
  CHECK_THAT(after["acked_by"].get<std::string>(), Catch::StartsWith("alice"));
  CHECK(state_in_table(site, id) == "ACKED");
  CHECK_THAT(line_with(site.ctl({"alarms"}).out, id), Catch::Contains("alice"));

  const auto again = site.ctl({"ack", id, "--by", "bob"});
  CHECK(again.code == 1);
  CHECK(again.out.empty());
  CHECK_THAT(again.err, Catch::StartsWith("sitewatchctl: sitewatchd: alarm " + id +
                                          " is already acknowledged by alice") &&
                            Catch::EndsWith(" (refused)\n"));
  CHECK(site.alarm_by_id(id)["acked_by"].get<std::string>().rfind("alice", 0) == 0);

  // The scripted form: the state after, in the documented shape.
  const auto json_ack = site.ctl({"ack", id_of(a.not_cut), "--by", "bob", "--json"});
  CHECK(json_ack.code == 0);
  CHECK(json_ack.json() == json{{"alarm_id", id_of(a.not_cut)}, {"state", "acknowledged"}});
  CHECK(site.ctl_json({"status"})["alarms"]["unacknowledged"] == 0);

  const auto unknown = site.ctl({"ack", "01JDQ6X4ZK8Y2M7N3P5R9T1V0W", "--by", "alice"});
  CHECK(unknown.code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("no live alarm 01JDQ6X4ZK8Y2M7N3P5R9T1V0W"));
}

TEST_CASE("shelve hides an alarm from alarms until unshelve, a major hazard refuses shelving") {
  // The limit alarm is at power_cut, priority 1: by default ([alarms] unshelvable_priorities =
  // [1]) it cannot be shelved at all; this site allows it, with a reason.
  SiteOptions options = console_site_options();
  options.config_tail = "[alarms]\nunshelvable_priorities = []\n";
  ConsoleSite site(options);
  const auto a = await_methane_alarms(site);
  const std::string limit = id_of(a.limit);
  const std::string hazard = id_of(a.not_cut);

  // 煤矿重大事故隐患: a major hazard may not be hidden from annunciation.
  const auto refused = site.ctl({"shelve", hazard, "30m", "--by", "alice"});
  CHECK(refused.code == 1);
  CHECK(refused.out.empty());
  CHECK_THAT(refused.err, Catch::Contains("alarm " + hazard + " is a major hazard") &&
                              Catch::Contains("cannot be shelved") &&
                              Catch::EndsWith("(refused)\n"));
  CHECK(site.alarm_by_id(hazard)["state"] == "unacknowledged");

  const auto before = std::chrono::system_clock::now();
  CHECK_THAT(site.ctl({"shelve", limit, "30m", "--by", "alice"}).err,
             Catch::Contains("shelving a priority-1 alarm needs a reason"));
  const auto shelve = site.ctl({"shelve", limit, "30m", "--by", "alice", "--reason", "head check"});
  CHECK(shelve.code == 0);
  CHECK_THAT(shelve.out,
             Catch::Matches("shelved " + limit +
                            ": now SHLVD until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\n"));
  // Shelving again is a fresh decision with a new expiry; the scripted form shows it.
  const auto again =
      site.ctl({"shelve", limit, "30m", "--by", "alice", "--reason", "head check", "--json"});
  CHECK(again.code == 0);
  const auto result = again.json();
  CHECK(result["alarm_id"] == limit);
  CHECK(result["state"] == "shelved");
  REQUIRE(is_protocol_time(result["shelved_until"]));
  const auto until = sw::console::parse_rfc3339(result["shelved_until"].get<std::string>());
  REQUIRE(until);
  CHECK(*until - before >= std::chrono::minutes(30));
  CHECK(*until - before < std::chrono::minutes(31));

  // Hidden from `alarms`, which says how many it hid; --all shows it as SHLVD.
  const auto shown = site.ctl({"alarms"});
  CHECK(shown.code == 0);
  CHECK(shown.out.find(limit) == std::string::npos);
  CHECK_THAT(shown.out, Catch::Contains(hazard) &&
                            Catch::EndsWith("1 alarm shelved or out of service not shown "
                                            "(--all shows them)\n"));
  const auto listed = site.ctl_json({"alarms"});
  for (const auto& x : listed) CHECK(x["alarm_id"] != limit);
  const auto all = site.alarm_by_id(limit);
  REQUIRE_FALSE(all.is_null());
  CHECK(all["state"] == "shelved");
  CHECK(all["shelved_until"] == result["shelved_until"]);
  CHECK(state_in_table(site, limit, true) == "SHLVD");
  CHECK(site.ctl({"alarms", "--all"}).out.find("not shown") == std::string::npos);

  const auto unshelve = site.ctl({"unshelve", limit, "--by", "alice"});
  CHECK(unshelve.code == 0);
  // Back while its condition is still active: annunciated again, unacknowledged (ISA-18.2).
  CHECK(unshelve.out == "unshelved " + limit + ": now UNACK\n");
  CHECK(site.alarm_by_id(limit)["state"] == "unacknowledged");
  CHECK(state_in_table(site, limit) == "UNACK");
  CHECK(site.ctl({"alarms"}).out.find("not shown") == std::string::npos);

  const auto not_shelved = site.ctl({"unshelve", limit, "--by", "alice"});
  CHECK(not_shelved.code == 1);
  CHECK_THAT(not_shelved.err, Catch::Contains("is not shelved"));
  const auto bad_duration = site.ctl({"shelve", limit, "half an hour"});
  CHECK(bad_duration.code == 2);
}
