// SPDX-License-Identifier: Apache-2.0
#include "core/byte_size.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace sw {

namespace {
constexpr std::array<std::pair<std::string_view, std::int64_t>, 9> kUnits{{
    {"B", 1},
    {"KB", std::int64_t{1} << 10},
    {"MB", std::int64_t{1} << 20},
    {"GB", std::int64_t{1} << 30},
    {"TB", std::int64_t{1} << 40},
    {"KiB", std::int64_t{1} << 10},
    {"MiB", std::int64_t{1} << 20},
    {"GiB", std::int64_t{1} << 30},
    {"TiB", std::int64_t{1} << 40},
}};
constexpr double kLargest = 4.611686018427388e18;  // 2^62: room to add sizes without overflow

// The leading number and what follows it.
std::optional<std::pair<double, std::string_view>> split_number(std::string_view text) {
  double number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc{} || ptr == text.data() || number < 0 || !std::isfinite(number))
    return std::nullopt;
  return std::pair{number, std::string_view(ptr, static_cast<std::size_t>(end - ptr))};
}
}  // namespace

std::int64_t FreeSpace::bytes_of(std::int64_t filesystem_bytes) const {
  if (absolute) return absolute->bytes;
  return static_cast<std::int64_t>(static_cast<double>(filesystem_bytes) * percent / 100.0);
}

std::optional<ByteSize> parse_byte_size(std::string_view text) {
  const auto split = split_number(text);
  if (!split) return std::nullopt;
  const auto [number, unit] = *split;
  for (const auto& [name, factor] : kUnits) {
    if (unit != name) continue;
    const double bytes = number * static_cast<double>(factor);
    if (bytes > kLargest) return std::nullopt;
    return ByteSize{static_cast<std::int64_t>(std::llround(bytes))};
  }
  return std::nullopt;
}

std::optional<FreeSpace> parse_free_space(std::string_view text) {
  if (!text.empty() && text.back() == '%') {
    const auto split = split_number(text.substr(0, text.size() - 1));
    // More than 90% kept free would leave the store next to nothing on any real filesystem.
    if (!split || !split->second.empty() || split->first > 90) return std::nullopt;
    return FreeSpace{split->first, std::nullopt};
  }
  if (auto size = parse_byte_size(text)) return FreeSpace{0, *size};
  return std::nullopt;
}

std::string format_byte_size(ByteSize size) {
  // The largest unit that divides the size exactly.
  for (std::size_t i = 4; i > 0; --i) {
    const auto& [name, factor] = kUnits[i];
    if (size.bytes != 0 && size.bytes % factor == 0)
      return fmt::format("{}{}", size.bytes / factor, name);
  }
  return fmt::format("{}B", size.bytes);
}

std::string format_free_space(const FreeSpace& space) {
  if (space.absolute) return format_byte_size(*space.absolute);
  return fmt::format("{}%", space.percent);
}

}  // namespace sw
