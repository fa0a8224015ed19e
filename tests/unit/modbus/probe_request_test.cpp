// SPDX-License-Identifier: Apache-2.0
// What `probe` and `scan` accept, checked before anything goes on the line: each refusal names the
// argument and what is allowed.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "drivers/modbus/probe_request.hpp"

using namespace sw::modbus;
using nlohmann::json;

namespace {

std::string refusal(const json& args) {
  try {
    parse_probe_request(args);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string scan_refusal(const json& args) {
  try {
    parse_scan_request(args);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

json probe(json extra = json::object()) {
  json args{{"bus", "face-3"}, {"unit", 3}, {"table", "holding"}, {"address", 10}, {"count", 2}};
  args.update(extra);
  return args;
}

}  // namespace

TEST_CASE("a probe's arguments become a request, with holding registers and one value by default") {
  const ProbeRequest r = parse_probe_request(
      probe({{"type", "float32"}, {"order", "CDAB"}, {"scale", 0.01}, {"table", "input"}}));
  CHECK(r.unit == 3);
  CHECK(r.table == Table::input);
  CHECK(r.address == 10);
  CHECK(r.count == 2);
  CHECK(r.type == DataType::float32);
  CHECK(r.order == ByteOrder::cdab);
  CHECK(r.scale == 0.01);

  const ProbeRequest d = parse_probe_request({{"unit", 1}, {"address", 0}});
  CHECK(d.table == Table::holding);
  CHECK(d.count == 1);
  CHECK_FALSE(d.type);
  CHECK_FALSE(d.order);
}

TEST_CASE("units are 1 to 247: 0 is broadcast and 248 to 255 are reserved") {
  CHECK_THAT(refusal(probe({{"unit", 0}})), Catch::Contains("0 is broadcast"));
  CHECK_THAT(refusal(probe({{"unit", 248}})), Catch::Contains("allowed 1-247"));
  CHECK_THAT(refusal(probe({{"unit", -1}})), Catch::Contains("allowed 1-247"));
  CHECK(refusal(probe({{"unit", 247}})) == "(accepted)");
  CHECK_THAT(refusal(probe({{"unit", "3"}})), Catch::Contains("\"unit\": expected a whole number"));
  CHECK_THAT(refusal({{"address", 0}}), Catch::Contains("argument \"unit\" is missing"));
}

TEST_CASE("the address range stays inside 0-65535 and a read is at most 125 values") {
  CHECK_THAT(refusal(probe({{"address", 65536}})),
             Catch::Contains("\"address\": 65536 is out of range; allowed 0-65535"));
  CHECK(refusal(probe({{"address", 65535}, {"count", 1}})) == "(accepted)");
  CHECK_THAT(refusal(probe({{"address", 65535}, {"count", 2}})),
             Catch::Contains("go past the last address, 65535"));
  CHECK(refusal(probe({{"address", 65411}, {"count", 125}})) == "(accepted)");
  CHECK_THAT(refusal(probe({{"count", 126}})),
             Catch::Contains("\"count\": 126 is out of range; allowed 1-125"));
  CHECK_THAT(refusal(probe({{"count", 0}})), Catch::Contains("allowed 1-125"));
  // Bits too: one rule for every table, documented.
  CHECK_THAT(refusal(probe({{"table", "coil"}, {"count", 2000}})),
             Catch::Contains("allowed 1-125"));
}

TEST_CASE("type, order and table are the decoder's names, and type/order only for registers") {
  CHECK_THAT(refusal(probe({{"type", "float33"}})),
             Catch::Contains("unknown \"float33\"; allowed: bool, bit, int16, uint16"));
  CHECK_THAT(refusal(probe({{"order", "abcd"}})),
             Catch::Contains("unknown \"abcd\"; allowed: ABCD, CDAB, BADC, DCBA"));
  CHECK_THAT(refusal(probe({{"table", "holdings"}})),
             Catch::Contains("allowed: coil, discrete, holding, input"));
  CHECK_THAT(refusal(probe({{"table", "discrete"}, {"type", "uint16"}})),
             Catch::Contains("are for registers"));
  CHECK_THAT(refusal(probe({{"type", "bool"}})), Catch::Contains("use a register type"));
  CHECK_THAT(refusal(probe({{"count", 2}, {"type", "float64"}})),
             Catch::Contains("a float64 needs 4 registers; \"count\" is 2"));
  CHECK_THAT(refusal(probe({{"scale", 0}})), Catch::Contains("a number other than 0"));
  CHECK_THAT(refusal(probe({{"function", 6}})), Catch::Contains("unknown argument \"function\""));
}

TEST_CASE("a scan's units are N or A-B within 1-247, all of them by default") {
  const ScanRequest all = parse_scan_request({{"bus", "face-3"}});
  CHECK(all.first == 1);
  CHECK(all.last == 247);
  const ScanRequest some = parse_scan_request({{"units", "3-9"}});
  CHECK(some.first == 3);
  CHECK(some.last == 9);
  const ScanRequest one = parse_scan_request({{"units", "17"}});
  CHECK(one.first == 17);
  CHECK(one.last == 17);
  CHECK_THAT(scan_refusal({{"units", "0-10"}}), Catch::Contains("unit 0 is out of range"));
  CHECK_THAT(scan_refusal({{"units", "1-248"}}), Catch::Contains("unit 248 is out of range"));
  CHECK_THAT(scan_refusal({{"units", "9-3"}}), Catch::Contains("runs backwards"));
  CHECK_THAT(scan_refusal({{"units", "1..5"}}), Catch::Contains("is not N or A-B"));
  CHECK_THAT(scan_refusal({{"units", 5}}), Catch::Contains("expected text N or A-B"));
}

TEST_CASE("a scan asks holding register 0 unless another table and address are given") {
  const ScanRequest plain = parse_scan_request({{"bus", "face-3"}});
  CHECK(plain.table == Table::holding);
  CHECK(plain.address == 0);
  const ScanRequest input =
      parse_scan_request({{"units", "1-4"}, {"table", "input"}, {"address", 0}});
  CHECK(input.table == Table::input);
  CHECK(input.address == 0);
  const ScanRequest coil = parse_scan_request({{"table", "coil"}, {"address", 65535}});
  CHECK(coil.table == Table::coil);
  CHECK(coil.address == 65535);
  CHECK_THAT(scan_refusal({{"table", "register"}}),
             Catch::Contains("unknown \"register\"; allowed: coil, discrete, holding, input"));
  CHECK_THAT(scan_refusal({{"address", 65536}}),
             Catch::Contains("argument \"address\": 65536 is out of range; allowed 0-65535"));
  CHECK_THAT(scan_refusal({{"address", -1}}), Catch::Contains("allowed 0-65535"));
  CHECK_THAT(scan_refusal({{"address", "10"}}), Catch::Contains("expected a whole number"));
  CHECK_THAT(scan_refusal({{"count", 2}}),
             Catch::Contains("unknown argument \"count\"; allowed: bus, units, table, address"));
}
