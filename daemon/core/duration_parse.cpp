// SPDX-License-Identifier: Apache-2.0
#include "core/duration_parse.hpp"

#include <charconv>
#include <cmath>

namespace sw {

std::optional<Millis> parse_duration(std::string_view text) {
  double number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc{} || ptr == text.data() || number < 0 || !std::isfinite(number))
    return std::nullopt;
  const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  double factor = 0;
  if (unit == "ms")
    factor = 1;
  else if (unit == "s")
    factor = 1e3;
  else if (unit == "m" || unit == "min")
    factor = 60e3;
  else if (unit == "h")
    factor = 3600e3;
  else if (unit == "d")
    factor = 86400e3;
  else
    return std::nullopt;
  const double ms = number * factor;
  if (ms > 1e15) return std::nullopt;
  return Millis{static_cast<Millis::rep>(std::llround(ms))};
}

}  // namespace sw
