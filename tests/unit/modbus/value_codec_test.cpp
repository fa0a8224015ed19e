// SPDX-License-Identifier: Apache-2.0
// Decoding of every data type in every byte order, against register images worked out by hand
// from the big-endian bytes A B C D (E F G H for 64-bit values).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "drivers/modbus/value_codec.hpp"

using namespace sw::modbus;

namespace {
struct Case {
  DataType type;
  ByteOrder order;
  std::vector<std::uint16_t> registers;
  double expected;
};

double decoded(const Case& c) {
  const auto v = decode_registers(c.registers, c.type, c.order);
  REQUIRE(v.has_value());
  return *v;
}
}  // namespace

TEST_CASE("16-bit values: ABCD and CDAB keep the bytes, BADC and DCBA swap them") {
  const std::vector<Case> cases{
      {DataType::uint16, ByteOrder::abcd, {0x1234}, 0x1234},
      {DataType::uint16, ByteOrder::cdab, {0x1234}, 0x1234},
      {DataType::uint16, ByteOrder::badc, {0x3412}, 0x1234},
      {DataType::uint16, ByteOrder::dcba, {0x3412}, 0x1234},
      {DataType::int16, ByteOrder::abcd, {0xFFFE}, -2},
      {DataType::int16, ByteOrder::cdab, {0xFFFE}, -2},
      {DataType::int16, ByteOrder::badc, {0xFEFF}, -2},
      {DataType::int16, ByteOrder::dcba, {0xFEFF}, -2},
      {DataType::uint16, ByteOrder::abcd, {0xFFFF}, 65535},
  };
  for (const auto& c : cases) {
    INFO("type " << to_string(c.type) << " order " << static_cast<int>(c.order));
    CHECK(decoded(c) == c.expected);
  }
}

TEST_CASE("32-bit integers in all four orders") {
  const std::vector<Case> cases{
      {DataType::uint32, ByteOrder::abcd, {0x0102, 0x0304}, 0x01020304},
      {DataType::uint32, ByteOrder::cdab, {0x0304, 0x0102}, 0x01020304},
      {DataType::uint32, ByteOrder::badc, {0x0201, 0x0403}, 0x01020304},
      {DataType::uint32, ByteOrder::dcba, {0x0403, 0x0201}, 0x01020304},
      {DataType::int32, ByteOrder::abcd, {0xFFFF, 0xFFFE}, -2},
      {DataType::int32, ByteOrder::cdab, {0xFFFE, 0xFFFF}, -2},
      {DataType::int32, ByteOrder::badc, {0xFFFF, 0xFEFF}, -2},
      {DataType::int32, ByteOrder::dcba, {0xFEFF, 0xFFFF}, -2},
      {DataType::uint32, ByteOrder::abcd, {0xFFFF, 0xFFFF}, 4294967295.0},
  };
  for (const auto& c : cases) {
    INFO("type " << to_string(c.type) << " order " << static_cast<int>(c.order));
    CHECK(decoded(c) == c.expected);
  }
}

TEST_CASE("float32 in all four orders (1.5 is 0x3FC00000)") {
  const std::vector<Case> cases{
      {DataType::float32, ByteOrder::abcd, {0x3FC0, 0x0000}, 1.5},
      {DataType::float32, ByteOrder::cdab, {0x0000, 0x3FC0}, 1.5},
      {DataType::float32, ByteOrder::badc, {0xC03F, 0x0000}, 1.5},
      {DataType::float32, ByteOrder::dcba, {0x0000, 0xC03F}, 1.5},
      {DataType::float32, ByteOrder::abcd, {0xC2F6, 0xE979}, -123.456},
  };
  for (const auto& c : cases) {
    INFO("order " << static_cast<int>(c.order));
    CHECK(decoded(c) == Approx(c.expected).epsilon(1e-6));
  }
}

TEST_CASE("Honeywell Midas concentration: big-endian bytes, little-endian words is CDAB") {
  // 40003-40004 hold 25.0 ppm (0x41C80000) with the low word first.
  const std::vector<std::uint16_t> midas{0x0000, 0x41C8};
  CHECK(*decode_registers(midas, DataType::float32, ByteOrder::cdab) == 25.0);
  // Read as ABCD the same registers are a denormal near zero: the order matters.
  CHECK(*decode_registers(midas, DataType::float32, ByteOrder::abcd) < 1e-30);
}

TEST_CASE("64-bit values in all four orders (0x0102030405060708)") {
  const std::vector<std::pair<ByteOrder, std::vector<std::uint16_t>>> images{
      {ByteOrder::abcd, {0x0102, 0x0304, 0x0506, 0x0708}},
      {ByteOrder::cdab, {0x0708, 0x0506, 0x0304, 0x0102}},
      {ByteOrder::badc, {0x0201, 0x0403, 0x0605, 0x0807}},
      {ByteOrder::dcba, {0x0807, 0x0605, 0x0403, 0x0201}},
  };
  for (const auto& [order, regs] : images) {
    INFO("order " << static_cast<int>(order));
    CHECK(*decode_registers(regs, DataType::uint64, order) == 72623859790382856.0);
    CHECK(*decode_registers(regs, DataType::int64, order) == 72623859790382856.0);
    CHECK(*decode_registers(regs, DataType::float64, order) ==
          std::bit_cast<double>(std::uint64_t{0x0102030405060708}));
  }
  CHECK(*decode_registers(std::vector<std::uint16_t>{0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE},
                          DataType::int64, ByteOrder::abcd) == -2);
  CHECK(*decode_registers(std::vector<std::uint16_t>{0x400E, 0x0000, 0x0000, 0x0000},
                          DataType::float64, ByteOrder::abcd) == 3.75);
}

TEST_CASE("a bit of a register is read from the value after byte order") {
  const std::vector<std::uint16_t> running{0x8000};
  CHECK(*decode_registers(running, DataType::bit, ByteOrder::abcd, 15) == 1);
  CHECK(*decode_registers(running, DataType::bit, ByteOrder::abcd, 0) == 0);
  CHECK(*decode_registers(running, DataType::bit, ByteOrder::badc, 7) == 1);
  CHECK(*decode_registers(std::vector<std::uint16_t>{1}, DataType::boolean, ByteOrder::abcd) == 1);
  CHECK(*decode_registers(std::vector<std::uint16_t>{0}, DataType::boolean, ByteOrder::abcd) == 0);
}

TEST_CASE("a float that is NaN or infinite, or too few registers, decodes to nothing") {
  CHECK_FALSE(decode_registers(std::vector<std::uint16_t>{0x7FC0, 0x0000}, DataType::float32,
                               ByteOrder::abcd));
  CHECK_FALSE(decode_registers(std::vector<std::uint16_t>{0x7F80, 0x0000}, DataType::float32,
                               ByteOrder::abcd));
  CHECK_FALSE(decode_registers(std::vector<std::uint16_t>{0x7FF0, 0, 0, 0}, DataType::float64,
                               ByteOrder::abcd));
  CHECK_FALSE(
      decode_registers(std::vector<std::uint16_t>{0x3FC0}, DataType::float32, ByteOrder::abcd));
}

TEST_CASE("encoding and decoding are inverse for every type and order") {
  const auto type =
      GENERATE(DataType::int16, DataType::uint16, DataType::int32, DataType::uint32,
               DataType::float32, DataType::int64, DataType::uint64, DataType::float64);
  const auto order = GENERATE(ByteOrder::abcd, ByteOrder::cdab, ByteOrder::badc, ByteOrder::dcba);
  const bool is_signed = type == DataType::int16 || type == DataType::int32 ||
                         type == DataType::int64 || type == DataType::float32 ||
                         type == DataType::float64;
  const double value = is_signed ? -1234.0 : 4321.0;
  std::vector<std::uint16_t> regs(static_cast<std::size_t>(register_count(type)));
  encode_registers(value, type, order, regs);
  INFO("type " << to_string(type) << " order " << static_cast<int>(order));
  CHECK(*decode_registers(regs, type, order) == value);
}

TEST_CASE("encoding clamps to the type's range instead of wrapping") {
  std::vector<std::uint16_t> one(1);
  encode_registers(70000, DataType::uint16, ByteOrder::abcd, one);
  CHECK(one[0] == 0xFFFF);
  encode_registers(-5, DataType::uint16, ByteOrder::abcd, one);
  CHECK(one[0] == 0);
  encode_registers(-40000, DataType::int16, ByteOrder::abcd, one);
  CHECK(one[0] == 0x8000);
}
