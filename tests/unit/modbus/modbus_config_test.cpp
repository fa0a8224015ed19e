// SPDX-License-Identifier: Apache-2.0
// The [[bus]] table of a modbus bus: every mistake is refused with its place in the file.
#include <catch2/catch.hpp>

#include <string>

#include "drivers/modbus/modbus_config.hpp"
#include "modbus_test_config.hpp"

using namespace sw;
using namespace sw::modbus;
using sw::modbus::test::FakePointRegistrar;
using sw::modbus::test::parse_bus;

namespace {
const std::string kHeader = R"([[bus]]
name = "face-3"
driver = "modbus"
host = "127.0.0.1"
)";

// A bus with one device whose single point has `point_lines` after its id.
std::string one_point(const std::string& point_lines, const std::string& device_lines = "") {
  return kHeader + R"(
  [[bus.device]]
  name = "ch4-1"
  unit = 1
)" + device_lines +
         R"(
    [[bus.device.point]]
    id = "face3.ch4"
)" + point_lines;
}

config::ConfigError error_of(const std::string& text) {
  try {
    parse_bus(text);
  } catch (const config::ConfigError& e) {
    return e;
  }
  FAIL("the config was accepted:\n" << text);
  throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("a minimal TCP bus parses with the documented defaults") {
  FakePointRegistrar registrar;
  const auto cfg = parse_bus(one_point("address = 0\n"), registrar);
  CHECK(cfg.bus.name == "face-3");
  CHECK(cfg.bus.transport == Transport::tcp);
  CHECK(cfg.bus.port == 502);
  CHECK(cfg.bus.timeout == Millis{500});
  CHECK(cfg.bus.retries == 1);
  CHECK(cfg.bus.max_gap == 16);
  CHECK(cfg.bus.max_registers == 125);
  CHECK(cfg.bus.max_bits == 2000);
  REQUIRE(cfg.devices.size() == 1);
  CHECK(cfg.devices[0].period == Millis{1000});
  REQUIRE(cfg.points.size() == 1);
  const PointSpec& p = cfg.points[0];
  CHECK(p.id == "face3.ch4");
  CHECK(p.device == "ch4-1");
  CHECK(p.table == Table::holding);
  CHECK(p.type == DataType::uint16);
  CHECK(p.order == ByteOrder::abcd);
  REQUIRE(registrar.points().size() == 1);
  CHECK(registrar.points()[0].device == "ch4-1");
  CHECK(registrar.points()[0].poll_period == Millis{1000});
  CHECK_FALSE(registrar.points()[0].is_switch);
}

TEST_CASE("every point key is read, and the core's keys stand beside them") {
  FakePointRegistrar registrar;
  const auto cfg = parse_bus(one_point(R"(name = "回风隅角甲烷"
    profile = "coal.methane.return_corner"
    table = "input"
    address = 7
    type = "float32"
    byte_order = "CDAB"
    scale = 0.5
    offset = -1
    period = "250ms"
)"),
                             registrar);
  const PointSpec& p = cfg.points[0];
  CHECK(p.table == Table::input);
  CHECK(p.address == 7);
  CHECK(p.type == DataType::float32);
  CHECK(p.order == ByteOrder::cdab);
  CHECK(p.scale == 0.5);
  CHECK(p.offset == -1);
  CHECK(p.period == Millis{250});
  CHECK(registrar.points()[0].name == "回风隅角甲烷");
  CHECK(registrar.points()[0].poll_period == Millis{250});
}

TEST_CASE("switches are marked as such for the core") {
  FakePointRegistrar registrar;
  parse_bus(one_point("table = \"discrete\"\naddress = 0\ntype = \"bool\"\n"), registrar);
  CHECK(registrar.points()[0].is_switch);
}

TEST_CASE("an unknown key is refused at its line and column, listing what is allowed") {
  SECTION("in the bus") {
    const auto e =
        error_of(kHeader + "baud_rate = 9600\n" + "[[bus.device]]\nname = \"a\"\nunit = 1\n");
    CHECK(e.where().line == 5);
    CHECK(e.where().column == 1);  // the offending key
    CHECK(e.key() == "bus[0].baud_rate");
    CHECK(e.problem().find("allowed are") != std::string::npos);
    CHECK(e.problem().find("pause_between_requests") != std::string::npos);
  }
  SECTION("in a point") {
    const auto e = error_of(one_point("address = 0\n    adress = 1\n"));
    CHECK(e.where().line == 13);
    CHECK(e.where().column == 5);
    CHECK(e.key() == "bus[0].device[0].point[0].adress");
    // The core's keys are allowed too, and named.
    CHECK(e.problem().find("location") != std::string::npos);
    CHECK(e.problem().find("byte_order") != std::string::npos);
  }
}

TEST_CASE("a bad type or byte order names the allowed spellings") {
  const auto type = error_of(one_point("address = 0\n    type = \"float\"\n"));
  CHECK(type.where().line == 13);
  CHECK(type.key() == "bus[0].device[0].point[0].type");
  CHECK(type.problem().find("float32") != std::string::npos);

  const auto order =
      error_of(one_point("address = 0\n    type = \"float32\"\n"
                         "    byte_order = \"little\"\n"));
  CHECK(order.where().line == 14);
  CHECK(order.problem().find("CDAB") != std::string::npos);
}

TEST_CASE("a point without an address is refused at its table") {
  const auto e = error_of(one_point("type = \"uint16\"\n"));
  CHECK(e.where().line == 10);  // the [[bus.device.point]] header
  CHECK(e.where().column == 5);
  CHECK(e.key() == "bus[0].device[0].point[0].address");
  CHECK(e.problem().find("missing") != std::string::npos);
}

TEST_CASE("values of the wrong type or out of range are refused, never defaulted") {
  CHECK(error_of(one_point("address = \"0\"\n")).problem().find("integer") != std::string::npos);
  CHECK(error_of(one_point("address = 70000\n")).problem().find("modicon") != std::string::npos);
  CHECK(error_of(one_point("address = 0\n    scale = 0\n")).key().ends_with("scale"));
  CHECK(error_of(kHeader + "timeout = 500\n[[bus.device]]\nname = \"a\"\nunit = 1\n")
            .problem()
            .find("unit is required") != std::string::npos);
  CHECK(error_of(kHeader + "max_registers = 200\n").key() == "bus[0].max_registers");
}

TEST_CASE("tables and types must fit each other") {
  CHECK(error_of(one_point("address = 0\n    type = \"bool\"\n")).problem().find("coil") !=
        std::string::npos);
  CHECK(error_of(one_point("table = \"coil\"\n    address = 0\n")).problem().find("bool") !=
        std::string::npos);
  CHECK(error_of(one_point("address = 0\n    type = \"bit\"\n")).key().ends_with("bit"));
  CHECK(error_of(one_point("address = 0\n    bit = 3\n")).problem().find("only for") !=
        std::string::npos);
  CHECK(error_of(one_point("table = \"coil\"\n    address = 0\n    type = \"bool\"\n"
                           "    scale = 2\n"))
            .problem()
            .find("switch") != std::string::npos);
  CHECK(error_of(one_point("address = 65535\n    type = \"float32\"\n")).problem().find("past") !=
        std::string::npos);
}

TEST_CASE("transport keys: tcp needs a host, rtu a device, and neither takes the other's keys") {
  const auto no_host = error_of("[[bus]]\nname = \"b\"\ndriver = \"modbus\"\n");
  CHECK(no_host.key() == "bus[0].host");
  const auto baud_on_tcp = error_of(kHeader + "baud = 19200\n");
  CHECK(baud_on_tcp.key() == "bus[0].baud");
  CHECK(baud_on_tcp.where().line == 5);
  CHECK(baud_on_tcp.problem().find("rtu") != std::string::npos);
  const auto no_device = error_of(
      "[[bus]]\nname = \"b\"\ndriver = \"modbus\"\n"
      "transport = \"rtu\"\n");
  CHECK(no_device.key() == "bus[0].device_path");
  const auto host_on_rtu = error_of(
      "[[bus]]\nname = \"b\"\ndriver = \"modbus\"\n"
      "transport = \"rtu\"\ndevice_path = \"/dev/ttyS1\"\n"
      "host = \"10.0.0.1\"\n");
  CHECK(host_on_rtu.key() == "bus[0].host");
}

TEST_CASE("an RTU bus reads its serial settings, unit 0 is refused on a serial line") {
  const std::string rtu = R"([[bus]]
name = "line-1"
driver = "modbus"
transport = "rtu"
device_path = "/dev/ttyUSB0"
baud = 19200
parity = "even"
stop_bits = 1
rs485 = true
pause_between_requests = "20ms"
  [[bus.device]]
  name = "d"
  unit = 0
    [[bus.device.point]]
    id = "p"
    address = 0
)";
  const auto e = error_of(rtu);
  CHECK(e.key() == "bus[0].device[0].unit");
  CHECK(e.problem().find("broadcast") != std::string::npos);

  std::string fixed = rtu;
  fixed.replace(fixed.find("unit = 0"), 8, "unit = 7");
  const auto cfg = parse_bus(fixed);
  CHECK(cfg.bus.transport == Transport::rtu);
  CHECK(cfg.bus.device_path == "/dev/ttyUSB0");
  CHECK(cfg.bus.baud == 19200);
  CHECK(cfg.bus.parity == Parity::even);
  CHECK(cfg.bus.rs485);
  CHECK(cfg.bus.pause_between_requests == Millis{20});
}

TEST_CASE("two devices on one bus need different names and units") {
  const std::string two = kHeader + R"(
  [[bus.device]]
  name = "a"
  unit = 1
    [[bus.device.point]]
    id = "p1"
    address = 0
  [[bus.device]]
  name = "b"
  unit = 1
    [[bus.device.point]]
    id = "p2"
    address = 0
)";
  const auto e = error_of(two);
  CHECK(e.key() == "bus[0].device[1].unit");
  CHECK(e.where().line == 14);
}

TEST_CASE("Modicon addressing takes manual numbers and their tables") {
  const auto cfg =
      parse_bus(one_point("address = 40003\n    type = \"float32\"\n"
                          "    byte_order = \"CDAB\"\n",
                          "  addressing = \"modicon\"\n"));
  CHECK(cfg.points[0].table == Table::holding);
  CHECK(cfg.points[0].address == 2);

  const auto input = parse_bus(one_point("address = 30011\n", "  addressing = \"modicon\"\n"));
  CHECK(input.points[0].table == Table::input);
  CHECK(input.points[0].address == 10);

  const auto clash = error_of(
      one_point("table = \"input\"\n    address = 40001\n", "  addressing = \"modicon\"\n"));
  CHECK(clash.key().ends_with("table"));
  CHECK(clash.problem().find("holding") != std::string::npos);
  CHECK(error_of(one_point("address = 20001\n", "  addressing = \"modicon\"\n"))
            .problem()
            .find("reference") != std::string::npos);
}

TEST_CASE("a status register maps its fields to qualities, values must fit their mask") {
  const std::string status = R"(
    [bus.device.status]
    address = 0x6000
      [[bus.device.status.field]]
      mask = 0x8000
      warming_up = [0]
      [[bus.device.status.field]]
      mask = 0x0020
      device_fault = [1]
)";
  const auto cfg = parse_bus(one_point("address = 0x6001\n", status));
  REQUIRE(cfg.devices[0].status);
  CHECK(cfg.devices[0].status->where.address == 0x6000);
  REQUIRE(cfg.devices[0].status->fields.size() == 2);
  CHECK(cfg.devices[0].status->fields[0].mask == 0x8000);
  CHECK(cfg.devices[0].status->fields[0].warming_up == std::vector<int>{0});

  std::string too_big = status;
  too_big.replace(too_big.find("device_fault = [1]"), 18, "device_fault = [2]");
  const auto e = error_of(one_point("address = 0\n", too_big));
  CHECK(e.key() == "bus[0].device[0].status.field[1].device_fault");
  CHECK(e.problem().find("does not fit") != std::string::npos);

  const auto no_state = error_of(one_point(
      "address = 0\n",
      "  [bus.device.status]\n  address = 0\n    [[bus.device.status.field]]\n    mask = 1\n"));
  CHECK(no_state.problem().find("names no state") != std::string::npos);
}

TEST_CASE("use_decimals needs the device's decimals register") {
  const auto e = error_of(one_point("address = 1\n    use_decimals = true\n"));
  CHECK(e.key().ends_with("use_decimals"));
  const auto cfg = parse_bus(one_point("address = 1\n    use_decimals = true\n",
                                       "  [bus.device.decimals]\n  address = 6\n  mask = 7\n"));
  REQUIRE(cfg.devices[0].decimals);
  CHECK(cfg.devices[0].decimals->where.address == 6);
  CHECK(cfg.devices[0].decimals->mask == 7);
  CHECK(cfg.points[0].use_decimals);
}

TEST_CASE("a device needs points and a bus needs devices") {
  CHECK(error_of(kHeader).key() == "bus[0].device");
  CHECK(error_of(kHeader + "[[bus.device]]\nname = \"a\"\nunit = 1\n").key() ==
        "bus[0].device[0].point");
}

TEST_CASE("the shipped sample.toml parses and shows every declared key") {
  const std::string sample = test::read_source_file("drivers/modbus/sample.toml");
  REQUIRE_FALSE(sample.empty());
  const toml::table root = toml::parse(sample, std::string("sample.toml"));
  std::size_t buses = 0;
  for (const auto& bus : *root["bus"].as_array()) {
    FakePointRegistrar registrar;
    CHECK_NOTHROW(parse_modbus_config(*bus.as_table(), {"sample.toml", "bus"}, registrar));
    ++buses;
  }
  CHECK(buses >= 2);  // a TCP and an RTU example
  for (const auto& [table, docs] : modbus_option_docs())
    for (const auto& doc : docs) {
      INFO(table << " " << doc.key);
      CHECK(sample.find(doc.key + " = ") != std::string::npos);
    }
}

TEST_CASE("the coal-face driver config parses and names the five face-3 points") {
  const std::string text = test::read_source_file("drivers/modbus/coal_face.toml");
  FakePointRegistrar registrar;
  const auto cfg = parse_bus(text, registrar);
  for (const char* id : {"face3.ch4", "face3.co", "face3.o2", "face3.wind", "face3.feed"})
    CHECK(registrar.find(id) != nullptr);
  CHECK(cfg.devices.size() == 4);
}
