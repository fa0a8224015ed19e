// SPDX-License-Identifier: Apache-2.0
#include "console/protocol_time.hpp"

#include <cctype>
#include <charconv>
#include <chrono>

namespace sw::console {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> number_at(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || std::tolower(static_cast<unsigned char>(text[pos])) != c) return false;
  ++pos;
  return true;
}

}  // namespace

nlohmann::json time_json(std::optional<WallTime> time) {
  if (!time) return nullptr;
  return format_iso8601(*time);
}

std::optional<WallTime> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto y = number_at(text, pos, 4);
  if (!y || !expect(text, pos, '-')) return std::nullopt;
  const auto mo = number_at(text, pos, 2);
  if (!mo || !expect(text, pos, '-')) return std::nullopt;
  const auto d = number_at(text, pos, 2);
  if (!d) return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return std::nullopt;
  ++pos;
  const auto h = number_at(text, pos, 2);
  if (!h || !expect(text, pos, ':')) return std::nullopt;
  const auto mi = number_at(text, pos, 2);
  if (!mi || !expect(text, pos, ':')) return std::nullopt;
  const auto s = number_at(text, pos, 2);
  if (!s) return std::nullopt;

  milliseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += milliseconds{(text[pos] - '0') * scale};
      scale /= 10;  // digits beyond milliseconds count for nothing
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }

  minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto oh = number_at(text, pos, 2);
    if (!oh || !expect(text, pos, ':')) return std::nullopt;
    const auto om = number_at(text, pos, 2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offset = minutes{sign * (*oh * 60 + *om)};
  } else {
    return std::nullopt;  // a time without a zone means nothing to a daemon in another zone
  }
  if (pos != text.size()) return std::nullopt;

  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                            day{static_cast<unsigned>(*d)}};
  // Years a nanosecond system_clock holds (1677-09 .. 2262-04), whole years only.
  if (!date.ok() || *y < 1678 || *y > 2261 || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  const auto utc = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s} + fraction - offset;
  return WallTime{duration_cast<WallClock::duration>(utc.time_since_epoch())};
}

}  // namespace sw::console
