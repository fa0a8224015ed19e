// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl reload` against a real site: a valid change is taken (exit 0); an invalid file is
// refused with its file:line:column error (exit 1) while the daemon runs on with the config it had
// and the same alarms.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "console_site.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

// `text` with the first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// 1-based line and column of the first `needle` in `text` (columns in bytes).
std::pair<int, int> position_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  const auto line_start = text.rfind('\n', at);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  const int column =
      static_cast<int>(at - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
  return {line, column};
}

std::set<std::string> alarm_ids(ConsoleSite& site) {
  std::set<std::string> ids;
  for (const auto& a : site.ctl_json({"alarms", "--all"})) ids.insert(a["alarm_id"]);
  return ids;
}

}  // namespace

TEST_CASE(
    "reload takes a valid change, an invalid file is refused with file:line:column, and the "
    "daemon runs on with its config and the same alarms") {
  ConsoleSite site;
  REQUIRE_FALSE(site.await_alarm("face3.ch4", "power_not_cut").is_null());
  REQUIRE_FALSE(site.await_alarm("face3.ch4", "limit",
                                 [](const json& a) { return a.value("level", "") == "power_cut"; })
                    .is_null());
  const auto ids = alarm_ids(site);
  REQUIRE(ids.size() == 2);
  const std::string path = site.site().config_path();
  const std::string original = read_file(path);

  // A valid change: the site's name.
  const std::string renamed = replaced(original, "name = \"演示煤矿 3号采煤工作面\"",
                                       "name = \"演示煤矿 3号采煤工作面 (新)\"");
  write_file(path, renamed);
  const auto ok = site.ctl({"reload"});
  CHECK(ok.code == 0);
  CHECK(ok.err.empty());
  CHECK_THAT(ok.out, Catch::StartsWith("reloaded: ") && Catch::Contains("5 points"));
  CHECK(site.ctl_json({"status"})["site"] == "演示煤矿 3号采煤工作面 (新)");
  // Reloads are at least a few seconds apart (a reload loop must not keep the rules from
  // settling): asked again until this one is applied.
  CtlResult ok_json;
  CHECK(wait_until(
      [&] {
        ok_json = site.ctl({"reload", "--json"});
        return ok_json.code == 0;
      },
      std::chrono::seconds(10), std::chrono::milliseconds(250)));
  CHECK(ok_json.json()["ok"] == true);
  CHECK(alarm_ids(site) == ids);  // the alarm state survives the new pipeline

  // An invalid value: refused, with where it is.
  const std::string broken =
      replaced(renamed, "heartbeat = \"10s\"", "heartbeat = \"ten seconds\"");
  write_file(path, broken);
  const auto [line, column] = position_of(broken, "\"ten seconds\"");
  const std::string where = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ":";
  const auto refused = site.ctl({"reload"});
  CHECK(refused.code == 1);
  INFO(refused.out << refused.err);
  CHECK_FALSE(has_escape(refused.out));
  CHECK_THAT(refused.out, Catch::StartsWith("reload refused: ") && Catch::Contains(where) &&
                              Catch::Contains("heartbeat") &&
                              Catch::EndsWith("; the running configuration stays in force\n"));
  const auto refused_json = site.ctl({"reload", "--json"});
  CHECK(refused_json.code == 1);
  const auto answer = refused_json.json();
  CHECK(answer["ok"] == false);
  CHECK_THAT(answer["message"].get<std::string>(), Catch::Contains(where));

  // Still running, on the config it had: the renamed site, its devices, the same alarms.
  CHECK(site.site().daemon().running());
  const auto status = site.ctl_json({"status"});
  CHECK(status["site"] == "演示煤矿 3号采煤工作面 (新)");
  CHECK(status["alarms"]["major_hazards"] == 1);
  CHECK(alarm_ids(site) == ids);
  REQUIRE_FALSE(site.await_json({"status"},
                                [](const json& s) { return s["devices"].value("online", 0) == 4; })
                    .is_null());

  // A file that is not TOML at all: refused the same way.
  write_file(path, renamed + "\n[[bus]\n");
  const auto garbage = site.ctl({"reload"});
  CHECK(garbage.code == 1);
  CHECK_THAT(garbage.out, Catch::Contains(path + ":"));
  CHECK(site.site().daemon().running());
  CHECK(alarm_ids(site) == ids);
}
