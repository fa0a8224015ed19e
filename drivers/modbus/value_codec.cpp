// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/value_codec.hpp"

#include <bit>
#include <cmath>
#include <limits>

namespace sw::modbus {

namespace {

bool swaps_bytes(ByteOrder o) {
  return o == ByteOrder::badc || o == ByteOrder::dcba;
}
bool reverses_words(ByteOrder o) {
  return o == ByteOrder::cdab || o == ByteOrder::dcba;
}

// The value's bits with the most significant register first, whatever the device's order.
std::uint64_t gather(std::span<const std::uint16_t> regs, std::size_t words, ByteOrder order) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < words; ++i) {
    std::uint16_t w = regs[reverses_words(order) ? words - 1 - i : i];
    if (swaps_bytes(order)) w = static_cast<std::uint16_t>((w >> 8) | (w << 8));
    bits = (bits << 16) | w;
  }
  return bits;
}

template <class I>
I clamp_round(double v) {
  const double r = std::round(v);
  if (!(r > static_cast<double>(std::numeric_limits<I>::min())))
    return std::numeric_limits<I>::min();
  if (r >= static_cast<double>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(r);
}

}  // namespace

std::optional<double> decode_registers(std::span<const std::uint16_t> regs, DataType type,
                                       ByteOrder order, int bit) {
  const auto words = static_cast<std::size_t>(register_count(type));
  if (regs.size() < words) return std::nullopt;
  const std::uint64_t bits = gather(regs, words, order);
  switch (type) {
    case DataType::boolean:
      return bits != 0 ? 1.0 : 0.0;
    case DataType::bit:
      return ((bits >> bit) & 1U) != 0 ? 1.0 : 0.0;
    case DataType::int16:
      return static_cast<double>(static_cast<std::int16_t>(bits));
    case DataType::uint16:
      return static_cast<double>(static_cast<std::uint16_t>(bits));
    case DataType::int32:
      return static_cast<double>(static_cast<std::int32_t>(bits));
    case DataType::uint32:
      return static_cast<double>(static_cast<std::uint32_t>(bits));
    case DataType::int64:
      return static_cast<double>(static_cast<std::int64_t>(bits));
    case DataType::uint64:
      return static_cast<double>(bits);
    case DataType::float32: {
      const float f = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
      if (!std::isfinite(f)) return std::nullopt;
      return static_cast<double>(f);
    }
    case DataType::float64: {
      const double d = std::bit_cast<double>(bits);
      if (!std::isfinite(d)) return std::nullopt;
      return d;
    }
  }
  return std::nullopt;
}

void encode_registers(double raw, DataType type, ByteOrder order, std::span<std::uint16_t> out) {
  std::uint64_t bits = 0;
  switch (type) {
    case DataType::boolean:
    case DataType::bit:
      bits = raw != 0 ? 1 : 0;
      break;
    case DataType::int16:
      bits = static_cast<std::uint16_t>(clamp_round<std::int16_t>(raw));
      break;
    case DataType::uint16:
      bits = clamp_round<std::uint16_t>(raw);
      break;
    case DataType::int32:
      bits = static_cast<std::uint32_t>(clamp_round<std::int32_t>(raw));
      break;
    case DataType::uint32:
      bits = clamp_round<std::uint32_t>(raw);
      break;
    case DataType::int64:
      bits = static_cast<std::uint64_t>(clamp_round<std::int64_t>(raw));
      break;
    case DataType::uint64:
      bits = clamp_round<std::uint64_t>(raw);
      break;
    case DataType::float32:
      bits = std::bit_cast<std::uint32_t>(static_cast<float>(raw));
      break;
    case DataType::float64:
      bits = std::bit_cast<std::uint64_t>(raw);
      break;
  }
  const auto words = static_cast<std::size_t>(register_count(type));
  for (std::size_t i = 0; i < words && i < out.size(); ++i) {
    // Word i of the big-endian value, most significant first.
    auto w = static_cast<std::uint16_t>(bits >> (16 * (words - 1 - i)));
    if (swaps_bytes(order)) w = static_cast<std::uint16_t>((w >> 8) | (w << 8));
    out[reverses_words(order) ? words - 1 - i : i] = w;
  }
}

}  // namespace sw::modbus
