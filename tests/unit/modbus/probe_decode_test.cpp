// SPDX-License-Identifier: Apache-2.0
// A probe's side-by-side decode: the raw values as read, every register type that fits in every
// byte order through the driver's own decoder, and the decode asked for.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "drivers/modbus/probe_decode.hpp"
#include "drivers/modbus/value_codec.hpp"

using namespace sw::modbus;
using nlohmann::json;

namespace {

json decode_of(const json& report, const std::string& type, const std::string& order) {
  for (const auto& d : report["decodes"])
    if (d["type"] == type && d["order"] == order) return d;
  return nullptr;
}

}  // namespace

TEST_CASE("a float32 sent word-swapped reads right only as CDAB, side by side with the others") {
  std::vector<std::uint16_t> regs(2);
  encode_registers(1.4, DataType::float32, ByteOrder::cdab, regs);
  ProbeRequest request;
  request.address = 10;
  request.count = 2;
  request.type = DataType::float32;
  request.order = ByteOrder::cdab;
  const json r = probe_decode(request, regs);

  REQUIRE(r["values"].size() == 2);
  CHECK(r["values"][0]["address"] == 10);
  CHECK(r["values"][1]["address"] == 11);
  CHECK(r["values"][0]["hex"] == "0x3333");
  CHECK(r["values"][1]["hex"] == "0x3FB3");
  CHECK(r["values"][1]["value"] == 0x3FB3);
  CHECK(decode_of(r, "float32", "CDAB")["value"].get<double>() == Approx(1.4));
  CHECK(decode_of(r, "float32", "ABCD")["value"].get<double>() != Approx(1.4));
  CHECK(decode_of(r, "uint32", "ABCD")["value"] == 0x33333FB3);
  CHECK(decode_of(r, "uint16", "ABCD")["value"] == 0x3333);
  // Five types fit in two registers, each in four orders; 64-bit ones need four registers.
  CHECK(r["decodes"].size() == 5 * 4);
  CHECK(decode_of(r, "float64", "ABCD").is_null());
  REQUIRE(r["chosen"].is_object());
  CHECK(r["chosen"]["type"] == "float32");
  CHECK(r["chosen"]["order"] == "CDAB");
  CHECK(r["chosen"]["value"].get<double>() == Approx(1.4));
}

TEST_CASE("scale multiplies every decode, and a NaN float is no number rather than a value") {
  const std::vector<std::uint16_t> regs{0x7FC0, 0x0000, 0x0001, 0x0002};  // float32 NaN in ABCD
  ProbeRequest request;
  request.count = 4;
  request.scale = 0.5;
  const json r = probe_decode(request, regs);
  CHECK(decode_of(r, "float32", "ABCD")["value"].is_null());
  CHECK(decode_of(r, "float32", "ABCD")["scaled"].is_null());
  CHECK(decode_of(r, "uint16", "ABCD")["value"] == 0x7FC0);
  CHECK(decode_of(r, "uint16", "ABCD")["scaled"].get<double>() == 0x7FC0 * 0.5);
  CHECK(decode_of(r, "uint64", "ABCD").is_object());
  CHECK(r["decodes"].size() == 8 * 4);
  CHECK(r["chosen"].is_null());  // neither type nor order asked for
}

TEST_CASE("bits are listed as they are, with nothing to decode") {
  ProbeRequest request;
  request.table = Table::discrete;
  request.address = 4;
  request.count = 3;
  const std::vector<std::uint16_t> bits{1, 0, 1};
  const json r = probe_decode(request, bits);
  REQUIRE(r["values"].size() == 3);
  CHECK(r["values"][2]["address"] == 6);
  CHECK(r["values"][2]["value"] == 1);
  CHECK_FALSE(r["values"][0].contains("hex"));
  CHECK(r["decodes"].empty());
  CHECK(r["chosen"].is_null());
}
