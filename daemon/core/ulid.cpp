// SPDX-License-Identifier: Apache-2.0
#include "core/ulid.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace sw {

std::string make_ulid(WallTime t) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto ms = static_cast<std::uint64_t>(to_epoch_ms(t));
  const std::uint64_t r1 = rng();
  const std::uint64_t r2 = rng();
  // 128 bits: 48 of time, 80 of randomness, written as 26 base-32 digits (the top digit holds 3
  // bits).
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 6; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<std::size_t>(6 + i)] = static_cast<std::uint8_t>(r1 >> (56 - 8 * i));
  bytes[14] = static_cast<std::uint8_t>(r2 >> 8);
  bytes[15] = static_cast<std::uint8_t>(r2);
  std::string out(26, '0');
  // Walk the 130-bit big-endian number (2 leading zero bits) five bits at a time.
  for (int digit = 0; digit < 26; ++digit) {
    const int bit = digit * 5 - 2;  // position of the digit's first bit within the 128 bits
    int value = 0;
    for (int b = 0; b < 5; ++b) {
      const int pos = bit + b;
      int v = 0;
      if (pos >= 0) v = (bytes[static_cast<std::size_t>(pos / 8)] >> (7 - pos % 8)) & 1;
      value = (value << 1) | v;
    }
    out[static_cast<std::size_t>(digit)] = kAlphabet[value];
  }
  return out;
}

}  // namespace sw
