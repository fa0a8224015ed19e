// SPDX-License-Identifier: Apache-2.0
// The 隐患台账 through the real daemon (issue 14): the coal face's power-not-cut major hazard opens
// a record, which is rectified and closed (销号) from the console by two named people; the record,
// its hash chain, the `hazard` messages at the broker (against docs/schemas) and the month's
// 调度表 counts. Bad input is refused with its reason, exit 1, and changes nothing.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "console_site.hpp"
#include "core/calendar_date.hpp"
#include "support/mqtt_capture.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// The record with this id in `hazards --all --json`, null when it is not listed.
json hazard_by_id(ConsoleSite& site, std::int64_t id) {
  for (const auto& r : site.ctl_json({"hazards", "--all"}))
    if (r.value("id", std::int64_t{0}) == id) return r;
  return nullptr;
}

// `sitewatchctl ARGS` must be refused: exit 1 and the daemon's reason on stderr.
void require_refused(ConsoleSite& site, const std::vector<std::string>& args,
                     const std::string& reason) {
  const auto run = site.ctl(args);
  INFO("sitewatchctl " << ConsoleSite::join(args) << "\nstdout: " << run.out
                       << "\nstderr: " << run.err);
  CHECK(run.code == 1);
  CHECK_THAT(run.err, Catch::Contains(reason));
}

std::vector<std::string> step_actions(const json& shown) {
  std::vector<std::string> out;
  for (const auto& s : shown["steps"]) out.push_back(s.value("action", ""));
  return out;
}

// The payloads against docs/schemas/<schema>.schema.json, through the unit tests' validator
// (python3-jsonschema); "" when every one is valid, else the validator's words.
std::string schema_problems(const std::string& schema, const std::vector<std::string>& payloads,
                            const TempDir& dir) {
  const std::string samples = dir.file("hazard-samples.tsv");
  {
    std::ofstream out(samples);
    for (const auto& p : payloads) out << schema << "\tvalid\t" << p << "\n";
  }
  const std::string source = SITEWATCH_SOURCE_DIR;
  const std::string cmd = "/usr/bin/python3 " + source +
                          "/tests/unit/uplink/validate_messages.py " + source +
                          "/docs/schemas --samples " + samples + " 2>&1";
  std::string output;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) output += buf;
  return ::pclose(p) == 0 ? "" : output;
}

}  // namespace

TEST_CASE(
    "bad hazard steps are refused with their reason and exit 1, and change nothing: unknown id, "
    "missing 责任人 or 期限, a date in the wrong format, closing by the rectifier") {
  ConsoleSite site;
  const json added = site.ctl_json({"hazard", "add", "--category", "瓦斯超限作业", "--clause",
                                    "煤矿安全规程 第498条", "--description",
                                    "回风隅角甲烷传感器悬挂位置不当", "--by", "张三"});
  const std::int64_t id = added.value("id", std::int64_t{0});
  REQUIRE(id > 0);
  CHECK(added["state"] == "open");
  CHECK(added["source"] == "self_inspection");
  const std::string sid = std::to_string(id);

  require_refused(site, {"hazard", "rectify", "99999", "--by", "李四", "--note", "x"},
                  "no hazard with id 99999");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--measures", "调整位置", "--deadline", "2026-12-31"},
      "responsible (责任人) is required");
  require_refused(site, {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四"},
                  "deadline (期限) is required");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--deadline", "2026/12/31"},
      "deadline (期限) must be a date YYYY-MM-DD");
  require_refused(
      site,
      {"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--deadline", "2026-02-30"},
      "must be a date YYYY-MM-DD");
  require_refused(site, {"hazard", "close", sid, "--by", "王五", "--note", "验收"},
                  "it cannot be closed (only rectified ones)");
  require_refused(site, {"hazard", "rectify", sid, "--by", "李四"}, "note is required");
  // None of it changed the record: still open, one step.
  json shown = site.ctl_json({"hazard", "show", sid});
  CHECK(shown["state"] == "open");
  CHECK(shown["plan"].is_null());
  CHECK(step_actions(shown) == std::vector<std::string>{"opened"});

  const json planned =
      site.ctl_json({"hazard", "plan", sid, "--by", "张三", "--responsible", "李四", "--measures",
                     "调整传感器位置", "--funds", "0.5万元", "--deadline", "2026-12-31",
                     "--contingency", "瓦斯超限撤人预案"});
  CHECK(planned["state"] == "rectifying");
  CHECK(planned["deadline"] == "2026-12-31");
  site.ctl_json({"hazard", "rectify", sid, "--by", "李四", "--note", "传感器移至距顶板300mm处"});
  require_refused(site, {"hazard", "close", sid, "--by", "李四", "--note", "自验"},
                  "must be accepted and closed by someone else");
  shown = site.ctl_json({"hazard", "show", sid});
  CHECK(shown["state"] == "rectified");
  CHECK(shown["closed"].is_null());
  CHECK(step_actions(shown) == std::vector<std::string>{"opened", "planned", "rectified"});
  CHECK(shown["chain"]["intact"] == true);

  // A finding whose 期限 has passed and that is not rectified shows as overdue in `status`.
  const json late =
      site.ctl_json({"hazard", "add", "--category", "其他重大事故隐患", "--clause", "第十八条(六)",
                     "--description", "监控分站备用电源失效", "--by", "张三"});
  const std::string late_id = std::to_string(late.value("id", std::int64_t{0}));
  site.ctl_json({"hazard", "plan", late_id, "--by", "张三", "--responsible", "赵六", "--deadline",
                 "2026-01-31"});
  const json status = site.ctl_json({"status"});
  CHECK(status["hazards"]["overdue"] == 1);
  CHECK(status["hazards"]["overdue_ids"] == json::array({late["id"]}));
  const auto table = site.ctl({"status"});
  CHECK_THAT(table.out, Catch::Contains("1 OVERDUE (" + late_id + ")"));
  CHECK(site.ctl_json({"hazard", "show", late_id})["overdue"] == true);
  // It raises an alarm (checked every 10 s), which returns once the record is rectified.
  const json overdue_alarm = site.await_alarm("hazard/" + late_id, "hazard_overdue");
  REQUIRE_FALSE(overdue_alarm.is_null());
  CHECK(overdue_alarm["active"] == true);
  CHECK(overdue_alarm["level"] == "overdue");
  CHECK(overdue_alarm["major_hazard"] == false);
  site.ctl_json({"hazard", "rectify", late_id, "--by", "赵六", "--note", "更换备用电源"});
  REQUIRE_FALSE(site.await_alarm("hazard/" + late_id, "hazard_overdue",
                                 [](const json& a) { return a.value("active", true) == false; })
                    .is_null());
}

TEST_CASE(
    "a power-not-cut major hazard at the coal face becomes a record, rectified and closed from the "
    "console: its steps chained, sent to the platform as `hazard` messages, counted in the month's "
    "调度表") {
  ConsoleSite site(console_site_options(kCalmFirst));
  MqttCapture platform(site.site().broker().uri(), "sitewatch/+/+/hazard");
  const json alarm = site.await_alarm("face3.ch4", "power_not_cut");
  REQUIRE_FALSE(alarm.is_null());
  REQUIRE(alarm["major_hazard"] == true);

  // The alarm opened a monitoring record, at once.
  const json open = site.await_json({"hazards"}, [](const json& r) { return r.size() == 1; });
  REQUIRE_FALSE(open.is_null());
  const json& record = open[0];
  CHECK(record["source"] == "monitoring");
  CHECK(record["state"] == "open");
  CHECK(record["alarm_id"] == alarm["alarm_id"]);
  CHECK(record["point"] == "face3.ch4");
  CHECK(record["category"] == alarm["hazard_category"]);
  CHECK(record["clause"] == alarm["clause"]);
  CHECK(record["first_value"].get<double>() >= 1.5);
  const std::int64_t id = record["id"];
  const std::string sid = std::to_string(id);
  const auto listed = site.ctl({"hazards"});
  CHECK(listed.code == 0);
  CHECK_THAT(listed.out, Catch::Contains("monitoring") && Catch::Contains("open"));

  // Rectified on the spot (immediate fix), then accepted by someone else (销号).
  const json rectified = site.ctl_json(
      {"hazard", "rectify", sid, "--by", "李四", "--note", "更换失效断电器，复测断电正常"});
  CHECK(rectified["state"] == "rectified");
  CHECK(rectified["rectified"]["by"] == "李四");
  require_refused(site, {"hazard", "close", sid, "--by", "李四", "--note", "自验"},
                  "must be accepted and closed by someone else");
  const auto closed =
      site.ctl({"hazard", "close", sid, "--by", "王五", "--note", "验收合格，销号"});
  INFO(closed.out << closed.err);
  REQUIRE(closed.code == 0);
  CHECK_THAT(closed.out, Catch::Contains("hazard " + sid + " closed: now closed"));

  // The record: closed, both signatures, every step with its signer and the console's peer.
  const json shown = site.ctl_json({"hazard", "show", sid});
  CHECK(shown["state"] == "closed");
  CHECK(shown["rectified"]["by"] == "李四");
  CHECK(shown["closed"]["by"] == "王五");
  CHECK(shown["closed"]["note"] == "验收合格，销号");
  CHECK(step_actions(shown) == std::vector<std::string>{"opened", "rectified", "closed"});
  CHECK(shown["steps"][0]["by"] == "gateway");
  CHECK(shown["steps"][2]["by"] == "王五");
  CHECK_FALSE(shown["steps"][2].value("peer", "").empty());
  CHECK(shown["chain"]["intact"] == true);
  CHECK(shown["chain"]["steps"] == 3);
  CHECK(site.ctl_json({"hazards"}).empty());  // closed: only with --all
  CHECK_FALSE(hazard_by_id(site, id).is_null());

  // At the broker: the three steps, in order, each with the record after it, valid by the schema.
  REQUIRE(platform.wait_for(
      [](const CapturedMessage& m) { return m.json()["data"].value("step", "") == "closed"; }));
  std::vector<std::string> steps, payloads;
  for (const auto& m : platform.messages()) {
    const json j = m.json();
    CHECK(m.topic == "sitewatch/DEMO-COAL-01/gw-face3/hazard");
    CHECK(j["kind"] == "hazard");
    CHECK(j["data"]["hazard_id"] == id);
    steps.push_back(j["data"].value("step", ""));
    payloads.push_back(m.payload);
  }
  CHECK(steps == std::vector<std::string>{"opened", "rectified", "closed"});
  const json last = platform.messages().back().json();
  CHECK(last["data"]["state"] == "closed");
  CHECK(last["data"]["closed"]["by"] == "王五");
  CHECK(last["data"]["rectified"]["by"] == "李四");
  CHECK(last["data"]["alarm_id"] == alarm["alarm_id"]);
  CHECK(schema_problems("hazard", payloads, site.site().dir()) == "");

  // The month's 调度表: one found by the enterprise itself (the gateway's detection), rectified.
  const std::string month = sw::local_month_of(sw::WallClock::now());
  const json report = site.ctl_json({"report", "--month", month});
  CHECK(report["period"] == month);
  for (const char* scope : {"month", "cumulative"}) {
    INFO(scope);
    CHECK(report[scope]["self_found"] == 1);
    CHECK(report[scope]["self_rectified"] == 1);
    CHECK(report[scope]["department_found"] == 0);
    CHECK(report[scope]["supervised"] == 0);
  }
  REQUIRE(report["by_clause"].size() == 1);
  CHECK(report["by_clause"][0]["clause"] == alarm["clause"]);
  const auto csv = site.ctl({"report", "--month", month, "--csv"});
  CHECK(csv.code == 0);
  CHECK_THAT(csv.out, Catch::StartsWith("scope,category,clause,self_found,self_rectified,") &&
                          Catch::Contains("\r\nmonth,,,1,1,0,0,0,0\r\n"));
  const auto bad_month = site.ctl({"report", "--month", "2026-13"});
  CHECK(bad_month.code == 2);  // usage: the client knows a month when it sees one
  CHECK_THAT(bad_month.err, Catch::Contains("'2026-13' is not a month YYYY-MM"));
}

TEST_CASE(
    "the platform adds a department's finding and puts it under 挂牌督办 by command, and asks for "
    "the month's report, answered on the reply topic, and sent on [report] day") {
  // Report day 1: today is past it, so this month's report goes out as the daemon starts.
  SiteOptions options = console_site_options();
  options.config_tail = "\n[report]\nday = 1\n";
  options.start_daemon = false;  // the platform listens before the report goes out at start
  ConsoleSite site(options);
  const std::string base = "sitewatch/DEMO-COAL-01/gw-face3/";
  MqttCapture platform(site.site().broker().uri(), base + "+");
  site.site().start_daemon();
  const auto reply_to = [&](const std::string& id) -> json {
    const auto m = platform.wait_for([&](const CapturedMessage& c) {
      return c.topic == base + "reply" && c.json()["data"].value("request_id", "") == id;
    });
    return m ? m->json()["data"] : json();
  };

  // The gateway listens on …/cmd once it has subscribed, shortly after its birth: ask for its
  // status (harmless to repeat, each with a new id) until one is answered.
  int probes = 0;
  const bool answered = sw::test::wait_until(
      [&] {
        const std::string probe = "probe-" + std::to_string(++probes);
        platform.publish(base + "cmd", json{{"id", probe}, {"cmd", "request_status"}}.dump());
        // An answer to any probe will do: under a sanitizer one may take longer than the wait.
        return platform
            .wait_for(
                [&](const CapturedMessage& c) {
                  return c.topic == base + "reply" &&
                         c.json()["data"].value("request_id", "").starts_with("probe-");
                },
                std::chrono::seconds(2))
            .has_value();
      },
      std::chrono::seconds(40), std::chrono::milliseconds(10));
  if (!answered) {
    UNSCOPED_INFO("daemon log: " << site.site().daemon().log());
    for (const auto& m : platform.messages())
      UNSCOPED_INFO(m.topic << " " << m.payload.substr(0, 200));
  }
  REQUIRE(answered);

  platform.publish(base + "cmd", json{{"id", "dept-1"},
                                      {"cmd", "add_department_finding"},
                                      {"args",
                                       {{"category", "瓦斯超限作业"},
                                        {"clause", "煤矿重大事故隐患判定标准 第五条(二)"},
                                        {"description", "回风隅角甲烷传感器距顶板超过300mm"},
                                        {"by", "区应急局 王检查员"}}}}
                                     .dump());
  const json added = reply_to("dept-1");
  INFO(added.dump());
  REQUIRE(added.value("ok", false));
  const std::int64_t id = added["result"]["hazard_id"];

  platform.publish(base + "cmd", json{{"id", "sup-1"},
                                      {"cmd", "set_supervised"},
                                      {"args", {{"hazard_id", id}, {"by", "区应急局"}}}}
                                     .dump());
  const json supervised = reply_to("sup-1");
  INFO(supervised.dump());
  REQUIRE(supervised.value("ok", false));
  CHECK(supervised["result"]["supervised"] == true);
  platform.publish(base + "cmd", json{{"id", "sup-2"},
                                      {"cmd", "set_supervised"},
                                      {"args", {{"hazard_id", 99999}, {"by", "区应急局"}}}}
                                     .dump());
  const json unknown = reply_to("sup-2");
  CHECK(unknown.value("ok", true) == false);
  CHECK_THAT(unknown.value("error", ""), Catch::Contains("no hazard with id 99999"));

  // The record as the console shows it, and its steps as the platform received them.
  const json shown = site.ctl_json({"hazard", "show", std::to_string(id)});
  CHECK(shown["source"] == "department");
  CHECK(shown["supervised"] == true);
  CHECK(step_actions(shown) == std::vector<std::string>{"opened", "supervised"});
  REQUIRE(platform.wait_for([&](const CapturedMessage& m) {
    return m.topic == base + "hazard" && m.json()["data"].value("step", "") == "supervised";
  }));

  const std::string month = sw::local_month_of(sw::WallClock::now());
  platform.publish(
      base + "cmd",
      json{{"id", "rep-1"}, {"cmd", "request_report"}, {"args", {{"month", month}}}}.dump());
  const json report = reply_to("rep-1");
  INFO(report.dump());
  REQUIRE(report.value("ok", false));
  CHECK(report["result"]["period"] == month);
  CHECK(report["result"]["month"]["department_found"] == 1);
  CHECK(report["result"]["month"]["department_rectified"] == 0);
  CHECK(report["result"]["month"]["supervised"] == 1);

  // The monthly message, once, valid by its schema.
  const auto sent =
      platform.wait_for([&](const CapturedMessage& m) { return m.topic == base + "report"; });
  REQUIRE(sent);
  CHECK(sent->json()["kind"] == "report");
  CHECK(sent->json()["data"]["period"] == month);
  CHECK(schema_problems("report", {sent->payload}, site.site().dir()) == "");
  std::size_t reports = 0;
  for (const auto& m : platform.messages()) reports += m.topic == base + "report" ? 1 : 0;
  CHECK(reports == 1);
}
