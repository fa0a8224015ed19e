// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl devices` and `points [PATTERN]` against a real site: what the daemon polls over
// Modbus from sitewatch-sim, as a person reads it and as a script does.
#include <catch2/catch.hpp>

#include <set>

#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

const json* find_by(const json& rows, const char* key, const std::string& value) {
  for (const auto& row : rows)
    if (row.value(key, "") == value) return &row;
  return nullptr;
}

std::set<std::string> ids_of(const json& points) {
  std::set<std::string> out;
  for (const auto& p : points) out.insert(p.value("id", ""));
  return out;
}

bool all_good(const json& points) {
  for (const auto& p : points)
    if (p.value("quality", "") != "good") return false;
  return points.size() == 5;
}

}  // namespace

TEST_CASE("devices lists the four polled devices online with their requests and latency") {
  ConsoleSite site;
  const auto devices = site.await_json({"devices"}, [](const json& all) {
    if (all.size() != 4) return false;
    for (const auto& d : all)
      if (!d.value("online", false) || d.value("requests", 0) == 0) return false;
    return true;
  });
  REQUIRE_FALSE(devices.is_null());
  for (const auto& d : devices) {
    check_device_shape(d);
    CHECK(d["bus"] == "face-3");
    CHECK(is_protocol_time(d["last_success"]));
    CHECK(d["last_error"] == "");
  }

  const auto table = site.ctl({"devices"});
  CHECK(table.code == 0);
  CHECK(table.err.empty());
  CHECK_FALSE(has_escape(table.out));
  const auto lines = lines_of(table.out);
  REQUIRE(lines.size() == 6);  // header, four devices, the summary
  CHECK_THAT(lines[0], Catch::StartsWith("BUS     DEVICE"));
  CHECK(lines[5] == "4 of 4 devices online");
  for (std::size_t i = 1; i <= 4; ++i) {
    INFO(lines[i]);
    CHECK_THAT(lines[i], Catch::StartsWith("face-3  "));
    CHECK(column_of(lines[i], "online") == column_of(lines[0], "STATE"));
    CHECK(column_of(lines[i], " ago") < column_of(lines[0], "REQUESTS"));
  }
  for (const auto& d : devices)
    CHECK_THAT(table.out, Catch::Contains(d["device"].get<std::string>()));
}

TEST_CASE("points shows each value with its unit and good quality, a pattern narrows the list") {
  ConsoleSite site;
  const auto points = site.await_json({"points"}, all_good);
  REQUIRE_FALSE(points.is_null());
  for (const auto& p : points) {
    INFO(p.dump());
    check_point_shape(p);
    CHECK(p["value"].is_number());
    CHECK(p["reason"] == "");
    CHECK(p["age_s"].get<double>() >= 0);
    CHECK(p["age_s"].get<double>() < 10);
  }
  CHECK(ids_of(points) ==
        std::set<std::string>{"face3.ch4", "face3.co", "face3.o2", "face3.wind", "face3.feed"});
  const json& o2 = *find_by(points, "id", "face3.o2");
  CHECK(o2["value"].get<double>() == Approx(20.9));
  CHECK(o2["unit"] == "%vol");
  CHECK(o2["name"] == "氧气");
  CHECK(o2["location"] == "3号采煤工作面进风巷");
  CHECK(o2["active_level"].is_null());
  CHECK((*find_by(points, "id", "face3.co"))["unit"] == "ppm");

  // PATTERN is a glob on the id: face3.* is every point, face3.ch4 one, face3.c* two.
  CHECK(ids_of(site.ctl_json({"points", "face3.*"})) == ids_of(points));
  const auto ch4 = site.ctl_json({"points", "face3.ch4"});
  REQUIRE(ch4.size() == 1);
  CHECK(ch4[0]["id"] == "face3.ch4");
  CHECK(ch4[0]["unit"] == "%CH4");
  CHECK(ids_of(site.ctl_json({"points", "face3.c*"})) ==
        std::set<std::string>{"face3.ch4", "face3.co"});
  const auto none = site.ctl({"points", "face9.*"});
  CHECK(none.code == 0);
  CHECK(none.out == "no points match 'face9.*'\n");
  CHECK(site.ctl_json({"points", "face9.*"}) == json::array());

  const auto table = site.ctl({"points", "face3.*"});
  CHECK(table.code == 0);
  CHECK_FALSE(has_escape(table.out));
  const auto lines = lines_of(table.out);
  REQUIRE(lines.size() == 6);
  const std::string& header = lines[0];
  CHECK_THAT(header, Catch::StartsWith("POINT       VALUE  UNIT"));
  const auto o2_row = line_with(table.out, "face3.o2");
  // Values are right-aligned under VALUE, units and qualities start under their titles.
  CHECK(end_column_of(o2_row, "20.9") == end_column_of(header, "VALUE"));
  CHECK(column_of(o2_row, "%vol") == column_of(header, "UNIT"));
  CHECK(column_of(o2_row, "good") == column_of(header, "QUALITY"));
  CHECK(column_of(line_with(table.out, "face3.co "), "ppm") == column_of(header, "UNIT"));

  // Once methane is past the power-cut level, its row names the alarm and its rule.
  // (The alarm level at 1.0 % may be seen first, on a loaded machine for several polls.)
  const auto alarmed = site.await_json({"points", "face3.ch4"}, [](const json& p) {
    if (p.size() != 1 || !p[0]["active_level"].is_string() || !p[0]["active_rule"].is_string())
      return false;
    const std::string l = p[0]["active_level"];
    return l == "power_cut" || l == "power_not_cut";
  });
  REQUIRE_FALSE(alarmed.is_null());
  const std::string level = alarmed[0]["active_level"];
  const std::string rule = alarmed[0]["active_rule"];
  CHECK((level == "power_cut" || level == "power_not_cut"));
  const auto ch4_row = line_with(site.ctl({"points", "face3.ch4"}).out, "face3.ch4");
  // Read again, it may have gone on from power_cut to power_not_cut meanwhile.
  CHECK_THAT(ch4_row, Catch::Contains(level + " (" + rule + ")") ||
                          Catch::Matches(R"(.*power_not_cut \(\w+\).*)"));
}

TEST_CASE("a device that stops answering shows offline, and its point comm_loss with the reason") {
  ConsoleSite site(console_site_options(kFast, kSilentAnemometerScenario));
  // The anemometer answers for 2 s, then its line is cut.
  const auto devices = site.await_json({"devices"}, [](const json& all) {
    const json* wind = find_by(all, "device", "anemometer-1");
    return all.size() == 4 && wind != nullptr && !(*wind)["online"].get<bool>();
  });
  REQUIRE_FALSE(devices.is_null());
  const json& dead = *find_by(devices, "device", "anemometer-1");
  check_device_shape(dead);
  CHECK(is_protocol_time(dead["last_success"]));  // it did answer before
  CHECK_FALSE(dead["last_error"].get<std::string>().empty());
  CHECK(dead["errors"].value("timeout", 0) > 0);
  for (const auto& d : devices)
    if (d["device"] != "anemometer-1") CHECK(d["online"] == true);

  const auto wind = site.await_json({"points", "face3.wind"}, [](const json& p) {
    return p.size() == 1 && p[0].value("quality", "") == "comm_loss";
  });
  REQUIRE_FALSE(wind.is_null());
  check_point_shape(wind[0]);
  CHECK(wind[0]["value"].is_null());  // a failed read never looks like a reading
  const std::string reason = wind[0]["reason"];
  CHECK_FALSE(reason.empty());
  CHECK(wind[0]["unit"] == "m/s");

  const auto points_table = site.ctl({"points"});
  CHECK_FALSE(has_escape(points_table.out));
  const auto header = lines_of(points_table.out)[0];
  const auto row = line_with(points_table.out, "face3.wind");
  CHECK(column_of(row, "comm_loss") == column_of(header, "QUALITY"));
  CHECK(end_column_of(row, "-") == end_column_of(header, "VALUE"));
  CHECK_THAT(row, Catch::Contains("\"" + reason.substr(0, 20)));  // quoted from the driver
  CHECK(line_with(points_table.out, "face3.o2").find("good") != std::string::npos);

  const auto devices_table = site.ctl({"devices"});
  const auto dead_row = line_with(devices_table.out, "anemometer-1");
  CHECK(column_of(dead_row, "offline") == column_of(lines_of(devices_table.out)[0], "STATE"));
  CHECK_THAT(dead_row, Catch::Contains("timeout"));
  CHECK_THAT(devices_table.out, Catch::EndsWith("3 of 4 devices online\n"));
  CHECK(line_with(site.ctl({"status"}).out, "Devices") == "Devices : 3 of 4 online");
}
