// From registers to the value and quality of a sample: scale, offset, decimals, status.
#include <catch2/catch.hpp>

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
