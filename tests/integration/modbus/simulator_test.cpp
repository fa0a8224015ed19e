// SPDX-License-Identifier: Apache-2.0
// sitewatch-sim as a separate process: its ready line, the coal-face scenario read through the
// driver, fault windows from a scenario's timeline, clean stops, and Modbus RTU over a socat pty
// pair.
#include <catch2/catch.hpp>

#include <spdlog/spdlog.h>

#include <csignal>
#include <regex>

#include "bus_config_text.hpp"
#include "driver_runner.hpp"
#include "drivers/modbus/modbus_driver.hpp"
#include "support/child_process.hpp"
#include "support/free_port.hpp"
#include "support/rtu_sim.hpp"
#include "support/temp_dir.hpp"
#include "unit/modbus/modbus_test_config.hpp"

using namespace sw;
using namespace sw::modbus;
using namespace sw::modbus::test;
using namespace std::chrono_literals;
using sw::test::ChildProcess;
using sw::test::TempDir;

namespace {

const std::string kCoalFace =
    std::string(SITEWATCH_SOURCE_DIR) + "/tools/sitewatch-sim/scenarios/coal_face.toml";

std::unique_ptr<ModbusDriver> make_driver(const std::string& text) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::warn);
    return true;
  }();
  (void)quiet;
  return std::make_unique<ModbusDriver>(parse_bus(text));
}

// The simulator on a free TCP port, ready to serve.
struct TcpSim {
  TempDir dir;
  std::unique_ptr<ChildProcess> process;
  int port = 0;

  explicit TcpSim(const std::string& scenario, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = sw::test::built_command("sitewatch-sim");
    argv.insert(argv.end(), {"--scenario", scenario, "--port", "0"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    process = std::make_unique<ChildProcess>(argv, dir.file("sim.log"));
    REQUIRE(sw::test::wait_until([&] {
      return process->log().find("listening tcp") != std::string::npos || !process->running();
    }));
    std::smatch m;
    const std::string log = process->log();
    REQUIRE(
        std::regex_search(log, m, std::regex("sitewatch-sim: listening tcp 127.0.0.1:([0-9]+)")));
    port = std::stoi(m[1]);
  }
};

// drivers/modbus/coal_face.toml pointed at `port`, with shorter periods for tests.
std::string coal_face_bus(int port) {
  std::string text = read_source_file("drivers/modbus/coal_face.toml");
  text = std::regex_replace(text, std::regex("port = 1502"), "port = " + std::to_string(port));
  text = std::regex_replace(text, std::regex("period = \"[0-9]+s\""), "period = \"200ms\"");
  return text;
}

}  // namespace

TEST_CASE("sitewatch-sim prints one ready line with the port it picked") {
  TcpSim sim(kCoalFace);
  CHECK(sim.port > 0);
  CHECK(sw::test::port_accepts(sim.port));
}

TEST_CASE("the coal-face scenario reads through the driver with every point good") {
  TcpSim sim(kCoalFace, {"--start-at", "5"});
  auto driver = make_driver(coal_face_bus(sim.port));
  std::vector<Sample> out;
  driver->poll(SteadyClock::now(), out);
  std::map<std::string, Sample> by_id;
  for (auto& s : out) by_id[driver->point_id(s.point)] = s;
  REQUIRE(by_id.size() == 5);
  for (const auto& [id, s] : by_id) {
    INFO(id << ": " << s.reason);
    CHECK(s.quality == Quality::good);
  }
  CHECK(by_id["face3.ch4"].value == Approx(0.31).margin(0.02));
  CHECK(by_id["face3.o2"].value == Approx(20.9));
  CHECK(by_id["face3.co"].value >= 3);
  CHECK(by_id["face3.co"].value <= 6);
  CHECK(by_id["face3.wind"].value == Approx(1.57).margin(0.05));  // float32, CDAB
  CHECK(by_id["face3.feed"].value == 1);
}

TEST_CASE("coal-face methane rises past the power-cut level and falls back below the alarm level") {
  TcpSim sim(kCoalFace, {"--speed", "10", "--loop"});  // a 6 s cycle
  auto driver = make_driver(coal_face_bus(sim.port));
  DriverRunner runner(*driver);
  const auto high = runner.await(
      "face3.ch4", [](const Sample& s) { return is_good(s) && s.value >= 1.5; }, {}, 10s);
  REQUIRE(high);
  const auto feed_on = runner.await(
      "face3.feed", [](const Sample& s) { return is_good(s) && s.value == 1; }, high->arrived);
  CHECK(feed_on);  // the feed stays on during the exceedance
  const auto restored = runner.await(
      "face3.ch4", [](const Sample& s) { return is_good(s) && s.value < 1.0; }, high->arrived, 10s);
  CHECK(restored);
}

TEST_CASE("fault windows from the timeline reach the driver as the right qualities") {
  TempDir dir;
  // Unit 1 misbehaves in turn, then answers well until the 4 s loop starts again; unit 2 on the
  // same connection never misbehaves.
  const std::string scenario = dir.write("faults.toml", R"(
name = "faults"
cycle = "4s"
[[unit]]
id = 1
  [[unit.register]]
  address = 0
  value = 11
  [[unit.fault]]
  from = "0ms"
  to = "400ms"
  kind = "exception"
  exception_code = 4
  [[unit.fault]]
  from = "400ms"
  to = "800ms"
  kind = "garbage"
  [[unit.fault]]
  from = "800ms"
  to = "1200ms"
  kind = "late"
  delay = "500ms"
  [[unit.fault]]
  from = "1200ms"
  to = "1600ms"
  kind = "disconnect"
[[unit]]
id = 2
  [[unit.register]]
  address = 0
  value = 22
)");
  TcpSim sim(scenario, {"--loop"});
  auto driver = make_driver(tcp_bus(
      sim.port,
      "timeout = \"150ms\"\nretries = 0\nreconnect_min = \"50ms\"\nreconnect_max = \"100ms\"\n"
      "device_backoff_max = \"300ms\"",
      device("u1", 1, "period = \"50ms\"") + point("u1.v", "address = 0") +
          device("u2", 2, "period = \"50ms\"") + point("u2.v", "address = 0")));
  DriverRunner runner(*driver);
  auto fault_with = [&](Quality q, const std::string& text) {
    return runner.await(
        "u1.v",
        [&](const Sample& s) { return s.quality == q && s.reason.find(text) != std::string::npos; },
        {}, 8s);
  };
  CHECK(fault_with(Quality::device_fault, "exception 04 (server device failure)"));
  CHECK(fault_with(Quality::comm_loss, "Invalid data"));  // garbage: rejected, never a value
  CHECK(fault_with(Quality::comm_loss, "no answer within 150ms"));  // late
  CHECK(runner.await("u1.v", [](const Sample& s) { return is_good(s) && s.value == 11; }));
  // Whatever unit 1 did, no sample of either unit ever carried a made-up value.
  for (const auto& a : runner.of("u1.v"))
    if (a.sample.quality == Quality::good) CHECK(a.sample.value == 11);
  for (const auto& a : runner.of("u2.v"))
    if (a.sample.quality == Quality::good) CHECK(a.sample.value == 22);
  // Unit 2 kept being read through unit 1's faults (the disconnect window costs it a little).
  const auto u2 = runner.of("u2.v");
  const auto good_u2 =
      std::count_if(u2.begin(), u2.end(), [](const auto& a) { return is_good(a.sample); });
  CHECK(good_u2 >= static_cast<long>(u2.size()) / 2);
}

TEST_CASE("sitewatch-sim stops cleanly on SIGTERM and SIGINT") {
  for (int sig : {SIGTERM, SIGINT}) {
    TcpSim sim(kCoalFace);
    sim.process->signal(sig);
    const auto status = sim.process->wait_exit(3000);
    REQUIRE(status);
    CHECK(*status == 0);
  }
}

TEST_CASE("sitewatch-sim refuses a bad scenario with exit 78 and names file:line:column") {
  TempDir dir;
  const std::string bad = dir.write("bad.toml",
                                    "name = \"x\"\n[[unit]]\nid = 1\n  [[unit.register]]\n"
                                    "  address = 0\n  type = \"float\"\n  value = 1\n");
  auto argv = sw::test::built_command("sitewatch-sim");
  argv.insert(argv.end(), {"--scenario", bad, "--port", "0"});
  ChildProcess sim(argv, dir.file("sim.log"));
  const auto status = sim.wait_exit(3000);
  REQUIRE(status);
  CHECK(*status == 78);
  CHECK(sim.log().find("bad.toml:6:") != std::string::npos);
  CHECK(sim.log().find("float32") != std::string::npos);
}

TEST_CASE("Modbus RTU over a socat pty pair reads real values, beside an absent unit") {
  sw::test::RtuSim rtu(kCoalFace, 19200, {"--start-at", "30"});
  auto driver = make_driver(R"([[bus]]
name = "line-1"
driver = "modbus"
transport = "rtu"
device_path = ")" + rtu.device_path() +
                            R"("
baud = 19200
timeout = "200ms"
  [[bus.device]]
  name = "ch4"
  unit = 1
  period = "100ms"
    [[bus.device.point]]
    id = "rtu.ch4"
    address = 0
    scale = 0.01
  [[bus.device]]
  name = "wind"
  unit = 3
  period = "100ms"
    [[bus.device.point]]
    id = "rtu.wind"
    address = 10
    type = "float32"
    byte_order = "CDAB"
  [[bus.device]]
  name = "feed"
  unit = 4
  period = "100ms"
    [[bus.device.point]]
    id = "rtu.feed"
    table = "discrete"
    address = 0
    type = "bool"
  [[bus.device]]
  name = "absent"
  unit = 9
  period = "100ms"
    [[bus.device.point]]
    id = "rtu.absent"
    address = 0
)");
  DriverRunner runner(*driver);
  const auto ch4 = runner.await("rtu.ch4", is_good, {}, 10s);
  REQUIRE(ch4);
  CHECK(ch4->sample.value == Approx(1.8).margin(0.05));  // held at 1.8 from 22 s to 36 s
  const auto wind = runner.await("rtu.wind", is_good);
  REQUIRE(wind);
  CHECK(wind->sample.value == Approx(1.4).margin(0.05));
  const auto feed = runner.await("rtu.feed", is_good);
  REQUIRE(feed);
  CHECK(feed->sample.value == 1);
  REQUIRE(sw::test::wait_until([&] { return runner.of("rtu.ch4").size() >= 10; }));
  for (const auto& a : runner.of("rtu.absent")) CHECK(a.sample.quality == Quality::comm_loss);
  CHECK_FALSE(runner.of("rtu.absent").empty());
  const auto status = driver->device_status();
  CHECK(status[0].online);
  CHECK_FALSE(status[3].online);
}
