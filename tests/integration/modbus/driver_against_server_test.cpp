// SPDX-License-Identifier: Apache-2.0
// The modbus driver against a real libmodbus TCP server: values end to end, the requests that
// reach the wire, exception splits, timeouts, a dead unit beside a live one, and a server that
// goes away and comes back.
#include <catch2/catch.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <vector>

#include "bus_config_text.hpp"
#include "driver_runner.hpp"
#include "drivers/modbus/modbus_driver.hpp"
#include "drivers/modbus/value_codec.hpp"
#include "test_modbus_server.hpp"
#include "unit/modbus/modbus_test_config.hpp"

using namespace sw;
using namespace sw::modbus;
using namespace sw::modbus::test;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<ModbusDriver> make_driver(const std::string& text) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::warn);
    return true;
  }();
  (void)quiet;
  return std::make_unique<ModbusDriver>(parse_bus(text));
}

// One poll of everything due now, on the test's thread.
std::map<std::string, Sample> poll_once(ModbusDriver& driver) {
  std::vector<Sample> out;
  driver.poll(std::max(driver.next_due(), SteadyClock::now()), out);
  std::map<std::string, Sample> by_id;
  for (auto& s : out) by_id[driver.point_id(s.point)] = std::move(s);
  return by_id;
}

const char* order_name(ByteOrder o) {
  switch (o) {
    case ByteOrder::abcd:
      return "ABCD";
    case ByteOrder::cdab:
      return "CDAB";
    case ByteOrder::badc:
      return "BADC";
    case ByteOrder::dcba:
      return "DCBA";
  }
  return "?";
}

}  // namespace

TEST_CASE("every data type in every byte order is read correctly end to end") {
  TestModbusServer server;
  server.add_unit(1);
  const std::vector<std::pair<DataType, double>> types{
      {DataType::int16, -1234},         {DataType::uint16, 54321},
      {DataType::int32, -123456789},    {DataType::uint32, 3123456789.0},
      {DataType::float32, -273.15},     {DataType::int64, -123456789012},
      {DataType::uint64, 123456789012}, {DataType::float64, 6.02214076e11}};
  const ByteOrder orders[] = {ByteOrder::abcd, ByteOrder::cdab, ByteOrder::badc, ByteOrder::dcba};
  std::string points;
  std::map<std::string, double> expected;
  int address = 0;
  for (const auto& [type, value] : types)
    for (ByteOrder order : orders) {
      std::vector<std::uint16_t> regs(static_cast<std::size_t>(register_count(type)));
      encode_registers(value, type, order, regs);
      server.set_registers(1, Table::holding, address, regs);
      const std::string id = fmt::format("t.{}.{}", to_string(type), order_name(order));
      points += point(id, fmt::format("address = {}\ntype = \"{}\"\nbyte_order = \"{}\"", address,
                                      to_string(type), order_name(order)));
      expected[id] = value;
      address += 4;
    }
  // The other tables, a bit of a register, and scaling.
  server.set_registers(1, Table::input, 10, {0x0000, 0x41C8});  // Midas-style 25.0, CDAB
  server.set_bit(1, Table::coil, 5, true);
  server.set_bit(1, Table::discrete, 7, true);
  server.set_registers(1, Table::holding, 300, {0x8008, 0x0096});
  points += point("t.input",
                  "table = \"input\"\naddress = 10\ntype = \"float32\"\n"
                  "byte_order = \"CDAB\"");
  points += point("t.coil", "table = \"coil\"\naddress = 5\ntype = \"bool\"");
  points += point("t.coil_off", "table = \"coil\"\naddress = 6\ntype = \"bool\"");
  points += point("t.discrete", "table = \"discrete\"\naddress = 7\ntype = \"bool\"");
  points += point("t.bit15", "address = 300\ntype = \"bit\"\nbit = 15");
  points += point("t.bit2", "address = 300\ntype = \"bit\"\nbit = 2");
  points += point("t.scaled", "address = 301\nscale = 0.01\noffset = 1");

  auto driver = make_driver(tcp_bus(server.port(), "", device("all-types", 1) + points));
  const auto samples = poll_once(*driver);
  REQUIRE(samples.size() == expected.size() + 7);
  for (const auto& [id, value] : expected) {
    INFO(id << ": " << samples.at(id).reason);
    CHECK(samples.at(id).quality == Quality::good);
    if (id.find("float32") != std::string::npos)
      CHECK(samples.at(id).value == Approx(value).epsilon(1e-6));
    else
      CHECK(samples.at(id).value == value);
  }
  CHECK(samples.at("t.input").value == 25.0);
  CHECK(samples.at("t.coil").value == 1);
  CHECK(samples.at("t.coil_off").value == 0);
  CHECK(samples.at("t.discrete").value == 1);
  CHECK(samples.at("t.bit15").value == 1);
  CHECK(samples.at("t.bit2").value == 0);
  CHECK(samples.at("t.scaled").value == Approx(2.5));
  // 128 holding registers of typed values (2 requests), 300..301, input, coils, discrete.
  CHECK(server.requests().size() == driver->planned_requests());
  CHECK(driver->planned_requests() == 6);
}

TEST_CASE("the server sees exactly the planner's requests, far fewer than one per point") {
  TestModbusServer server;
  server.add_unit(1);
  server.add_unit(2, 2000);
  std::string dense;
  for (int a = 0; a < 1000; ++a)
    dense += point(fmt::format("dense.{}", a), fmt::format("address = {}", a));
  std::string sparse;
  for (int a = 0; a < 2000; a += 100)
    sparse += point(fmt::format("sparse.{}", a), fmt::format("address = {}", a));
  auto driver = make_driver(
      tcp_bus(server.port(), "", device("dense", 1) + dense + device("sparse", 2) + sparse));
  CHECK(driver->planned_requests() == 8 + 20);
  const auto samples = poll_once(*driver);
  CHECK(samples.size() == 1020);
  CHECK(server.requests_of(1) == 8);   // 1000 registers in 8 requests, not 1000
  CHECK(server.requests_of(2) == 20);  // 100 apart: nothing worth reading through
  for (const auto& r : server.requests()) CHECK(r.count <= 125);
}

TEST_CASE("exception 02 for a merged request splits it, the next cycles send only the halves") {
  TestModbusServer server;
  server.add_unit(1);
  server.refuse_addresses(1, 5, 9);  // a hole in the device's map
  for (int a = 0; a < 15; ++a)
    server.set_registers(1, Table::holding, a, {static_cast<std::uint16_t>(100 + a)});
  std::string points;
  for (int a : {0, 1, 2, 3, 4, 10, 11, 12, 13, 14})
    points += point(fmt::format("p{}", a), fmt::format("address = {}", a));
  auto driver = make_driver(tcp_bus(server.port(), "", device("holey", 1) + points));

  const auto first = poll_once(*driver);
  for (const auto& [id, s] : first) CHECK(s.quality == Quality::good);
  CHECK(first.at("p12").value == 112);
  const auto seen = server.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].start == 0);
  CHECK(seen[0].count == 15);  // refused
  CHECK(seen[1].count == 5);
  CHECK(seen[2].start == 10);

  server.clear_requests();
  for (int cycle = 0; cycle < 3; ++cycle) poll_once(*driver);
  CHECK(server.requests_of(1) == 6);
  CHECK(driver->planned_requests() == 2);
}

TEST_CASE("a device that reads fewer registers at once (exception 03) is learned") {
  TestModbusServer server;
  server.add_unit(1);
  server.set_max_registers(1, 40);
  std::string points;
  for (int a = 0; a < 100; ++a)
    points += point(fmt::format("p{}", a), fmt::format("address = {}", a));
  auto driver = make_driver(tcp_bus(server.port(), "", device("small", 1) + points));
  const auto first = poll_once(*driver);
  for (const auto& [id, s] : first) CHECK(s.quality == Quality::good);
  server.clear_requests();
  poll_once(*driver);
  CHECK(server.requests_of(1) == driver->planned_requests());
  for (const auto& r : server.requests()) CHECK(r.count <= 40);
}

TEST_CASE("a unit that does not answer is comm_loss within one timeout") {
  TestModbusServer server;
  server.add_unit(1);
  server.set_silent(1, true);
  auto driver = make_driver(tcp_bus(
      server.port(), "timeout = \"200ms\"\nretries = 0",
      device("mute", 1) + point("mute.value", "address = 0") + point("mute.far", "address = 900")));
  const auto t0 = SteadyClock::now();
  const auto samples = poll_once(*driver);
  const auto elapsed = SteadyClock::now() - t0;
  CHECK(elapsed >= 190ms);
  CHECK(elapsed < 450ms);  // one timeout, not one per request
  CHECK(samples.at("mute.value").quality == Quality::comm_loss);
  CHECK(samples.at("mute.value").reason.find("no answer within") != std::string::npos);
  CHECK(samples.at("mute.far").quality == Quality::comm_loss);
  CHECK(server.requests_of(1) == 1);
}

TEST_CASE("one dead unit on a line does not stop the others") {
  TestModbusServer server;
  server.add_unit(1);
  server.set_registers(1, Table::holding, 0, {77});
  // Unit 9 is not there at all: requests to it go unanswered.
  auto driver = make_driver(
      tcp_bus(server.port(), "timeout = \"100ms\"\ndevice_backoff_max = \"800ms\"",
              device("alive", 1, "period = \"100ms\"") + point("alive.v", "address = 0") +
                  device("dead", 9, "period = \"100ms\"") + point("dead.v", "address = 0")));
  const auto start = SteadyClock::now();
  DriverRunner runner(*driver);
  REQUIRE(sw::test::wait_until([&] { return runner.of("alive.v").size() >= 20; }, 10s));
  const auto alive = runner.of("alive.v");
  for (const auto& a : alive) CHECK(a.sample.quality == Quality::good);
  // 20 cycles of 100 ms took little more than 2 s: the dead unit cost one timeout per probe
  // (cycles 0, 1, 3, 7, 15), not one per cycle.
  CHECK(alive.back().arrived - start < 2800ms);
  CHECK(server.requests_of(9) <= 6);
  const auto dead = runner.of("dead.v");
  CHECK(dead.size() >= 19);  // reported bad every cycle, probed or not
  for (const auto& a : dead) CHECK(a.sample.quality == Quality::comm_loss);
  const auto status = driver->device_status();
  CHECK(status[0].online);
  CHECK_FALSE(status[1].online);
  CHECK(status[1].errors.at("timeout") >= 3);
  CHECK(status[0].requests >= 20);
  CHECK(status[0].last_success.has_value());
}

TEST_CASE("a server that goes away and comes back is reconnected without help") {
  TestModbusServer server;
  server.add_unit(1);
  server.set_registers(1, Table::holding, 0, {5});
  auto driver = make_driver(tcp_bus(
      server.port(), "timeout = \"200ms\"\nreconnect_min = \"100ms\"\nreconnect_max = \"400ms\"",
      device("plc", 1, "period = \"100ms\"") + point("plc.v", "address = 0")));
  DriverRunner runner(*driver);
  REQUIRE(runner.await("plc.v", is_good));

  server.stop();
  const auto stopped = SteadyClock::now();
  const auto lost = runner.await("plc.v", is_comm_loss, stopped);
  REQUIRE(lost);
  CHECK(lost->arrived - stopped < 500ms);
  // Several failed reconnects in a row: the loop survives them all.
  REQUIRE(sw::test::wait_until([&] { return runner.of("plc.v", stopped).size() >= 8; }));
  for (const auto& a : runner.of("plc.v", stopped)) CHECK(a.sample.quality == Quality::comm_loss);

  server.restart();
  server.add_unit(1);
  const auto restarted = SteadyClock::now();
  const auto back = runner.await("plc.v", is_good, restarted);
  REQUIRE(back);
  CHECK(back->sample.value == 5);
  CHECK(back->arrived - restarted < 1500ms);  // within the 400 ms backoff cap, plus jitter
}

TEST_CASE("a connection the server drops is reopened and polling goes on") {
  TestModbusServer server;
  server.add_unit(1);
  auto driver =
      make_driver(tcp_bus(server.port(), "timeout = \"200ms\"\nreconnect_min = \"50ms\"",
                          device("plc", 1, "period = \"50ms\"") + point("plc.v", "address = 0")));
  DriverRunner runner(*driver);
  REQUIRE(runner.await("plc.v", is_good));
  for (int round = 0; round < 3; ++round) {
    server.disconnect_clients();
    const auto dropped = SteadyClock::now();
    REQUIRE(runner.await("plc.v", is_good, dropped + 10ms));
  }
  CHECK(server.connections_accepted() >= 2);
}
