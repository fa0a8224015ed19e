// SPDX-License-Identifier: Apache-2.0
// From registers to the value and quality of a sample: scale, offset, decimals, status.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "drivers/modbus/point_value.hpp"

using namespace sw;
using namespace sw::modbus;

namespace {
PointSpec methane() {
  PointSpec p;
  p.id = "face3.ch4";
  p.type = DataType::uint16;
  p.scale = 0.01;
  return p;
}
const DecimalsReading kNoDecimals{std::nullopt, "not configured"};
// A float32 as a device sends it, big-endian words (ABCD).
std::vector<std::uint16_t> float_words(float value) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return {static_cast<std::uint16_t>(bits >> 16), static_cast<std::uint16_t>(bits & 0xFFFF)};
}
const StatusVerdict kGood{};
}  // namespace

TEST_CASE("value = raw x scale + offset") {
  const std::vector<std::uint16_t> regs{125};
  const auto r = read_point(methane(), regs, kNoDecimals, kGood);
  CHECK(r.quality == Quality::good);
  CHECK(r.value == Approx(1.25));
  CHECK(r.reason.empty());

  PointSpec temp;
  temp.type = DataType::int16;
  temp.scale = 0.1;
  temp.offset = -40;
  CHECK(read_point(temp, std::vector<std::uint16_t>{650}, kNoDecimals, kGood).value ==
        Approx(25.0));
}

TEST_CASE("a decimals register divides by 10^decimals before scale and offset") {
  PointSpec co;
  co.use_decimals = true;
  co.offset = 1;
  const std::vector<std::uint16_t> regs{245};
  CHECK(read_point(co, regs, {2, ""}, kGood).value == Approx(3.45));
  CHECK(read_point(co, regs, {0, ""}, kGood).value == Approx(246));
}

TEST_CASE("a point that needs decimals is a device fault when they are missing or absurd") {
  PointSpec co;
  co.use_decimals = true;
  const std::vector<std::uint16_t> regs{245};
  const auto missing = read_point(co, regs, {std::nullopt, "timeout"}, kGood);
  CHECK(missing.quality == Quality::device_fault);
  CHECK(missing.reason.find("timeout") != std::string::npos);
  const auto absurd = read_point(co, regs, {12, ""}, kGood);
  CHECK(absurd.quality == Quality::device_fault);
  CHECK(absurd.reason.find("12") != std::string::npos);
}

TEST_CASE("the device's status sets the quality of measured values but not of switches") {
  const StatusVerdict warming{Quality::warming_up, "status: warming up"};
  const auto ch4 = read_point(methane(), std::vector<std::uint16_t>{30}, kNoDecimals, warming);
  CHECK(ch4.quality == Quality::warming_up);
  CHECK(ch4.reason == "status: warming up");
  CHECK(ch4.value == Approx(0.3));  // kept for the record, flagged by its quality

  PointSpec relay;
  relay.table = Table::coil;
  relay.type = DataType::boolean;
  const auto r = read_point(relay, std::vector<std::uint16_t>{1}, kNoDecimals, warming);
  CHECK(r.quality == Quality::good);
  CHECK(r.value == 1);
}

TEST_CASE("a float that is not a number is a device fault, never a value") {
  PointSpec wind;
  wind.type = DataType::float32;
  const auto r = read_point(wind, std::vector<std::uint16_t>{0x7FC0, 0}, kNoDecimals, kGood);
  CHECK(r.quality == Quality::device_fault);
  CHECK(r.value == 0);
  CHECK_FALSE(r.reason.empty());
}

TEST_CASE(
    "a value is rounded to the point's resolution: its scale step, the device's decimals, "
    "a float32's 7 significant digits, or the configured decimals") {
  // 277 × 0.1 is 27.700000000000003 in binary; the platform gets 27.7.
  PointSpec level;
  level.type = DataType::uint16;
  level.scale = 0.1;
  const auto r = read_point(level, std::vector<std::uint16_t>{277}, kNoDecimals, kGood);
  CHECK(r.value == 27.7);
  // 14 × 0.1 = 1.4000000000000001.
  CHECK(read_point(level, std::vector<std::uint16_t>{14}, kNoDecimals, kGood).value == 1.4);

  PointSpec co;  // 245 / 10^1 × 1 + 0 with the device's decimals
  co.use_decimals = true;
  co.scale = 0.1;
  CHECK(read_point(co, std::vector<std::uint16_t>{277}, {1, ""}, kGood).value == 2.77);

  // float32 9.002748 widened to double is 9.002748489379883.
  PointSpec f;
  f.type = DataType::float32;
  const float reading = 9.002748f;
  const auto words = float_words(reading);
  CHECK(static_cast<double>(reading) != 9.002748);
  CHECK(read_point(f, words, kNoDecimals, kGood).value == 9.002748);

  f.decimals = 2;  // [decimals] = 2 on the point
  CHECK(read_point(f, words, kNoDecimals, kGood).value == 9.0);
}

TEST_CASE("a value beyond ±1e12 is out_of_range with the reason, never good") {
  // A float32 read with the wrong word order: 2.2e27 m.
  PointSpec f;
  f.type = DataType::float32;
  const auto r = read_point(f, float_words(2.2e27f), kNoDecimals, kGood);
  CHECK(r.quality == Quality::out_of_range);
  CHECK_THAT(r.reason, Catch::Contains("byte_order"));

  CHECK(read_point(f, float_words(-3.4e13f), kNoDecimals, kGood).quality == Quality::out_of_range);
  // Within the default bound: -868674371584 m (issue 18) takes the point's own `range` to refuse.
  CHECK(read_point(f, float_words(-868674371584.0f), kNoDecimals, kGood).quality == Quality::good);
}
