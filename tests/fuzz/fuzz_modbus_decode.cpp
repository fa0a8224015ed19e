// SPDX-License-Identifier: Apache-2.0
// Modbus value decoding on arbitrary registers and point settings: decode_registers for every type
// and byte order, and read_point (decimals, scale, offset, status word) as the driver calls it.
// Properties: what decodes as an exact type encodes back to the same registers; a reading of
// quality good is a finite number (a device's garbage must never look like a real value).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "drivers/modbus/point_value.hpp"
#include "drivers/modbus/status_word.hpp"
#include "drivers/modbus/value_codec.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace sw::modbus;

// Reads the input front to back; past its end everything is zero.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t word() { return static_cast<std::uint16_t>((byte() << 8) | byte()); }
  double number() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  std::size_t left() const { return size_ - pos_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Types whose every register pattern maps to one number and back (bool and bit do not: any
// non-zero word is "on"; the 64-bit integers lose bits above 2^53 in a double).
bool round_trips(DataType type, double value) {
  switch (type) {
    case DataType::int16:
    case DataType::uint16:
    case DataType::int32:
    case DataType::uint32:
    case DataType::float32:
    case DataType::float64:
      return true;
    case DataType::int64:
    case DataType::uint64:
      // Below 2^53 every integer is a double; 2^53 itself is also what 2^53 + 1 rounds to.
      return std::fabs(value) < 9007199254740992.0;
    default:
      return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  PointSpec point;
  point.type = static_cast<DataType>(in.byte() % 10);
  const std::uint8_t layout = in.byte();
  point.order = static_cast<ByteOrder>(layout % 4);
  point.bit = (layout >> 2) % 16;  // the config allows bit = 0..15
  point.table = point.type == DataType::boolean ? (layout & 0x40 ? Table::coil : Table::discrete)
                                                : (layout & 0x40 ? Table::holding : Table::input);
  const std::uint8_t flags = in.byte();
  point.use_decimals = (flags & 1) != 0;
  DecimalsReading decimals;
  if (flags & 2)
    decimals.value = static_cast<std::int8_t>(in.byte());
  else
    decimals.problem = "exception 02";
  // The config refuses scale = 0; a scale or offset that is not finite is not a setting.
  point.scale = in.number();
  point.offset = in.number();
  if (!std::isfinite(point.scale) || point.scale == 0) point.scale = 1;
  if (!std::isfinite(point.offset)) point.offset = 0;
  if (is_switch_type(point.type)) {  // the config refuses scale, offset and decimals on a switch
    point.scale = 1;
    point.offset = 0;
    point.use_decimals = false;
  }

  // A status word with one field, judged like the driver does before reading points.
  StatusSpec status;
  StatusField field;
  field.mask = in.word();
  const int state = field_value(in.word(), field.mask);
  field.device_fault = {state};
  status.fields.push_back(field);
  const StatusVerdict verdict = evaluate_status(status, in.word());

  std::vector<std::uint16_t> regs;
  const std::size_t count = std::min<std::size_t>(in.left() / 2, 4);
  for (std::size_t i = 0; i < count; ++i) regs.push_back(in.word());

  const auto raw = decode_registers(regs, point.type, point.order, point.bit);
  const auto needed = static_cast<std::size_t>(register_count(point.type));
  if (regs.size() < needed) FUZZ_CHECK(!raw, "decoded from fewer registers than the type needs");
  if (raw) {
    FUZZ_CHECK(std::isfinite(*raw), "decode_registers returned a NaN or infinity");
    if (round_trips(point.type, *raw)) {
      std::vector<std::uint16_t> back(needed);
      encode_registers(*raw, point.type, point.order, back);
      FUZZ_CHECK(std::equal(back.begin(), back.end(), regs.begin()),
                 "encode_registers(decode_registers(r)) != r");
    }
  }

  const PointReading reading = read_point(point, regs, decimals, verdict);
  if (reading.quality == sw::Quality::good) {
    FUZZ_CHECK(raw.has_value(), "quality good without a decodable value");
    FUZZ_CHECK(std::isfinite(reading.value), "quality good with a value that is not finite");
    FUZZ_CHECK(reading.reason.empty(), "quality good with a reason");
  } else {
    FUZZ_CHECK(!reading.reason.empty(), "a bad quality without a reason");
  }
  if (is_switch_type(point.type) && reading.quality == sw::Quality::good)
    FUZZ_CHECK(reading.value == 0 || reading.value == 1, "a switch that is neither 0 nor 1");
  return 0;
}
