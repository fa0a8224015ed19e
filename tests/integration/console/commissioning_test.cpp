// SPDX-License-Identifier: Apache-2.0
// Issue 15 item 4, against a real daemon with the real sitewatchctl: `probe` reads a device through
// its bus's own poller and shows every decode side by side, `scan` finds the units that answer
// while the bus's regular polling goes on, over TCP (sitewatch-sim) and RTU (sitewatch-sim on a
// socat pty pair); bad input is refused with what is allowed; a reader without the operators'
// group is refused; a reload ends a scan in progress with a reason.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "console_site.hpp"
#include "support/rtu_sim.hpp"
#include "support/skip.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// The decode of `type` in `order` from a probe's report; null when it is not there.
json decode_of(const json& report, const std::string& type, const std::string& order) {
  for (const auto& d : report["decodes"])
    if (d["type"] == type && d["order"] == order) return d;
  return nullptr;
}

std::set<int> units_found(const json& scan) {
  std::set<int> out;
  for (const auto& f : scan["found"]) out.insert(f["unit"].get<int>());
  return out;
}

// The regular polls of `device` so far, from `devices`.
std::int64_t requests_of(ConsoleSite& site, const std::string& device) {
  for (const auto& d : site.ctl_json({"devices"}))
    if (d["device"] == device) return d["requests"].get<std::int64_t>();
  return -1;
}

// Waits until `device` has been polled, then returns its polls so far.
std::int64_t polled_once(ConsoleSite& site, const std::string& device) {
  REQUIRE(wait_until([&] { return requests_of(site, device) > 0; }, std::chrono::seconds(20),
                     std::chrono::milliseconds(100)));
  return requests_of(site, device);
}

}  // namespace

TEST_CASE(
    "probe over TCP shows the anemometer's registers and float32 CDAB as the decode that reads") {
  ConsoleSite site;
  const json r = site.ctl_json({"probe", "face-3", "--unit", "3", "--address", "10", "--count", "2",
                                "--type", "float32", "--order", "CDAB"});
  INFO(r.dump(2));
  CHECK(r["state"] == "done");
  CHECK(r["answered"] == true);
  CHECK(r["function"] == 3);
  REQUIRE(r["values"].size() == 2);
  CHECK(r["values"][0]["address"] == 10);
  CHECK(r["values"][1]["address"] == 11);
  CHECK(r["values"][0]["hex"].get<std::string>().rfind("0x", 0) == 0);
  // The wind drifts from 1.0 to 3.0 m/s over the scenario: CDAB reads it, ABCD reads nonsense.
  REQUIRE(r["chosen"].is_object());
  CHECK(r["chosen"]["type"] == "float32");
  CHECK(r["chosen"]["value"].get<double>() >= 0.9);
  CHECK(r["chosen"]["value"].get<double>() <= 3.1);
  // Each order decodes the two words it was given: ABCD high word first, CDAB low word first.
  // (ABCD of a drifting wind is not always "nonsense": some low words make a plausible float.)
  const auto word = [&](int i) {
    return static_cast<std::uint32_t>(
        std::stoul(r["values"][i]["hex"].get<std::string>(), nullptr, 16));
  };
  const auto as_float = [](std::uint32_t bits) {
    float f = 0;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  };
  const float cdab = as_float((word(1) << 16) | word(0));
  CHECK(r["chosen"]["value"].get<double>() == Approx(cdab).epsilon(1e-5));
  const json abcd = decode_of(r, "float32", "ABCD");
  REQUIRE(abcd.is_object());
  const float abcd_expected = as_float((word(0) << 16) | word(1));
  if (std::isfinite(abcd_expected)) {
    REQUIRE(abcd["value"].is_number());
    CHECK(abcd["value"].get<double>() == Approx(abcd_expected).epsilon(1e-5).margin(1e-30));
  } else {
    CHECK(abcd["value"].is_null());  // NaN or infinity is no reading
  }
  // Every register type that fits in two registers, in all four orders.
  for (const char* type : {"int16", "uint16", "int32", "uint32", "float32"})
    for (const char* order : {"ABCD", "CDAB", "BADC", "DCBA"})
      CHECK(decode_of(r, type, order).is_object());
  CHECK(decode_of(r, "float64", "ABCD").is_null());  // needs four registers

  const auto text =
      site.ctl({"probe", "face-3", "--unit", "2", "--table", "input", "--address", "0", "--count",
                "2", "--type", "uint16", "--order", "ABCD", "--scale", "0.1"});
  INFO(text.out << text.err);
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Catch::Contains("bus face-3, unit 2: input registers 0-1 (FC 4)"));
  CHECK_THAT(text.out, Catch::Contains("0x00D1"));  // O2 20.9 %vol × 10 = 209
  CHECK_THAT(text.out, Catch::Contains("uint16*"));
  CHECK_THAT(text.out, Catch::Contains("ABCD*"));
  CHECK_THAT(text.out, Catch::Contains("chosen: uint16 ABCD = 3 × 0.1 = 0.3"));  // CO 3 ppm
}

TEST_CASE("probe of a discrete input shows bits, and an absent unit is a clear no-answer") {
  ConsoleSite site;
  const json feed =
      site.ctl_json({"probe", "face-3", "--unit", "4", "--table", "discrete", "--address", "0"});
  CHECK(feed["function"] == 2);
  REQUIRE(feed["values"].size() == 1);
  CHECK(feed["values"][0]["value"] == 1);
  CHECK(feed["decodes"].empty());

  const auto absent = site.ctl({"probe", "face-3", "--unit", "9", "--address", "0"});
  CHECK(absent.code == 1);
  CHECK_THAT(absent.out, Catch::Contains("unit 9"));
  CHECK_THAT(absent.out, Catch::Contains("no value: no answer within"));
}

TEST_CASE("probe and scan refuse bad input with what is allowed") {
  ConsoleSite site;
  const auto refused = [&](std::vector<std::string> args, const std::string& says) {
    const auto run = site.ctl(args);
    INFO(ConsoleSite::join(args) << "\nstdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains(says));
  };
  refused({"probe", "nope", "--unit", "1", "--address", "0"},
          "unknown bus \"nope\"; the running config has: face-3");
  refused({"probe", "face-3", "--unit", "0", "--address", "0"}, "0 is broadcast");
  refused({"probe", "face-3", "--unit", "248", "--address", "0"}, "allowed 1-247");
  refused({"probe", "face-3", "--unit", "1", "--address", "65536"},
          "argument \"address\": 65536 is out of range; allowed 0-65535");
  refused({"probe", "face-3", "--unit", "1", "--address", "65535", "--count", "2"},
          "go past the last address, 65535");
  refused({"probe", "face-3", "--unit", "1", "--address", "0", "--count", "126"},
          "argument \"count\": 126 is out of range; allowed 1-125");
  refused({"probe", "face-3", "--unit", "1", "--address", "0", "--count", "2", "--type", "float33"},
          "unknown \"float33\"; allowed: bool, bit, int16");
  refused({"probe", "face-3", "--unit", "1", "--address", "0", "--count", "2", "--order", "ABDC"},
          "unknown \"ABDC\"; allowed: ABCD, CDAB, BADC, DCBA");
  refused({"probe", "face-3", "--unit", "1", "--address", "0", "--type", "float32"},
          "a float32 needs 2 registers");
  refused(
      {"probe", "face-3", "--unit", "4", "--table", "coil", "--address", "0", "--type", "uint16"},
      "are for registers");
  refused({"probe", "face-3", "--unit", "1", "--table", "file", "--address", "0"},
          "unknown \"file\"; allowed: coil, discrete, holding, input");
  refused({"scan", "face-3", "--units", "0-10"}, "unit 0 is out of range");
  refused({"scan", "face-3", "--units", "10-2"}, "runs backwards");
  refused({"scan", "nope"}, "unknown bus \"nope\"");
  refused({"scan", "face-3", "--table", "register"},
          "unknown \"register\"; allowed: coil, discrete, holding, input");
  refused({"scan", "face-3", "--address", "70000"},
          "argument \"address\": 70000 is out of range; allowed 0-65535");
}

TEST_CASE("scan over TCP finds the simulator's units while the bus's regular polling goes on") {
  ConsoleSite site;
  const std::int64_t before = polled_once(site, "ch4-t1");
  const auto run = site.ctl({"scan", "face-3", "--units", "1-12", "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.code == 0);
  const json scan = run.json();
  CHECK(scan["state"] == "done");
  CHECK(scan["scanned"] == 12);
  CHECK(units_found(scan) == std::set<int>{1, 2, 3, 4});
  // Eight silent units at the bus's 300 ms timeout: over two seconds, in which ch4-t1 (every 1 s)
  // kept being polled.
  CHECK(requests_of(site, "ch4-t1") >= before + 2);
}

TEST_CASE("scan --table --address asks each unit that value: the unit that has it reads") {
  ConsoleSite site;
  // Units 1-4 all answer; only unit 2 (CO, O2) has input registers, the others say exception 02.
  const auto run = site.ctl(
      {"scan", "face-3", "--units", "1-4", "--table", "input", "--address", "0", "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.code == 0);
  const json scan = run.json();
  CHECK(scan["state"] == "done");
  CHECK(scan["table"] == "input");
  CHECK(scan["function"] == 4);
  CHECK(units_found(scan) == std::set<int>{1, 2, 3, 4});
  for (const auto& f : scan["found"])
    CHECK(f["reply"] == (f["unit"] == 2 ? "registers" : "exception"));

  // The anemometer's wind speed is at holding register 10, and the table names what was asked.
  const auto text = site.ctl({"scan", "face-3", "--units", "3", "--address", "10"});
  INFO(text.out << text.err);
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Catch::Contains("bus face-3: units 3-3 (holding register 10, FC 3)"));
  CHECK_THAT(text.out, Catch::Contains("   3  registers"));
}

TEST_CASE(
    "a reload ends a scan in progress with a reason, and meanwhile the bus takes no second "
    "errand") {
  ConsoleSite site;
  // Units 5-247 are silent: at 300 ms each the scan would take over a minute.
  CtlProcess scan({"--socket", site.socket(), "scan", "face-3", "--units", "5-247"});
  REQUIRE(wait_until([&] { return scan.err().find("scanning face-3:") != std::string::npos; },
                     std::chrono::seconds(20)));
  const auto busy = site.ctl({"probe", "face-3", "--unit", "1", "--address", "0"});
  CHECK(busy.code == 1);
  CHECK_THAT(busy.err, Catch::Contains("busy with another probe or scan (one at a time per bus)"));

  const auto reload = site.ctl({"reload"});
  INFO(reload.out << reload.err);
  CHECK(reload.code == 0);
  const auto ended = scan.wait(std::chrono::seconds(20));
  REQUIRE(ended);
  CHECK(ended->code == 1);
  CHECK_THAT(ended->out, Catch::Contains("abandoned: the bus stopped (a reload or shutdown)"));
  // The new pipeline's bus takes errands.
  CHECK(site.ctl_json({"probe", "face-3", "--unit", "1", "--address", "0"})["answered"] == true);
}

TEST_CASE("an operator (the console group, not root) may probe, and the daemon logs who did") {
  if (::geteuid() != 0) skip_test("running sitewatchctl as another user needs root");
  const passwd* nobody = ::getpwnam("nobody");
  const group* users = ::getgrnam("users");
  if (nobody == nullptr || users == nullptr) skip_test("needs user nobody and group users");
  SiteOptions options = console_site_options();
  options.replace["\n[console]\n"] = "\n[console]\ngroup = \"users\"\n";
  ConsoleSite site(options);
  REQUIRE(::chmod(site.site().dir().path().c_str(), 0711) == 0);
  const CtlEnv as_operator{{}, RunAs{nobody->pw_uid, nobody->pw_gid, {users->gr_gid}}};
  const auto run = site.ctl({"probe", "face-3", "--unit", "1", "--address", "0"}, as_operator);
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  CHECK(wait_until([&] {
    return site.site().daemon().log().find("[console] probe on bus face-3 by nobody (uid " +
                                           std::to_string(nobody->pw_uid)) != std::string::npos;
  }));
}

TEST_CASE("probe and scan over RTU: sitewatch-sim on a socat pty pair, beside the TCP bus") {
  RtuSim rtu(std::string(SITEWATCH_SOURCE_DIR) + "/tools/sitewatch-sim/scenarios/coal_face.toml",
             19200, {"--start-at", "30"});
  SiteOptions options = console_site_options();
  options.config_tail = R"(
[[bus]]
name = "line-1"
driver = "modbus"
transport = "rtu"
device_path = ")" + rtu.device_path() +
                        R"("
baud = 19200
timeout = "200ms"

  [[bus.device]]
  name = "anemometer-rtu"
  unit = 3
  period = "500ms"
    [[bus.device.point]]
    id = "rtu.wind"
    name = "风速"
    location = "3号采煤工作面"
    table = "holding"
    address = 10
    type = "float32"
    byte_order = "CDAB"
    profile = "coal.wind.working_face"
)";
  ConsoleSite site(options);
  const json r = site.ctl_json({"probe", "line-1", "--unit", "3", "--address", "10", "--count", "2",
                                "--type", "float32", "--order", "CDAB"});
  INFO(r.dump(2) << "\nsim log: " << rtu.simulator().log());
  CHECK(r["answered"] == true);
  REQUIRE(r["chosen"].is_object());
  CHECK(r["chosen"]["value"].get<double>() == Approx(1.4).margin(0.1));

  const std::int64_t before = polled_once(site, "anemometer-rtu");
  // Eight silent units at the line's 200 ms timeout: 1.6 s, in which the anemometer (every
  // 500 ms) keeps being polled on the same line.
  const auto run = site.ctl({"scan", "line-1", "--units", "1-12", "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.code == 0);
  CHECK(units_found(run.json()) == std::set<int>{1, 2, 3, 4});
  CHECK(requests_of(site, "anemometer-rtu") >= before + 2);
}
