// SPDX-License-Identifier: Apache-2.0
#include "uplink/time_text.hpp"

#include <cctype>
#include <chrono>
#include <ctime>

namespace sw::uplink {

namespace {

// Reads exactly `n` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

struct Civil {
  int year, month, day, hour, minute, second;
};

bool valid(const Civil& c) {
  using namespace std::chrono;
  const year_month_day ymd{year{c.year}, month{static_cast<unsigned>(c.month)},
                           day{static_cast<unsigned>(c.day)}};
  // 60 seconds would be a leap second: not representable in system_clock, refused. Years stop
  // at 2261: system_clock counts nanoseconds in 64 bits, which end in April 2262.
  return ymd.ok() && c.year >= 1970 && c.year <= 2261 && c.hour < 24 && c.minute < 60 &&
         c.second < 60;
}

WallTime utc_of(const Civil& c) {
  using namespace std::chrono;
  const sys_days days{year{c.year} / month{static_cast<unsigned>(c.month)} /
                      day{static_cast<unsigned>(c.day)}};
  return WallTime{days + hours{c.hour} + minutes{c.minute} + seconds{c.second}};
}

std::optional<Civil> civil_of(std::string_view s, std::size_t y, std::size_t mo, std::size_t d,
                              std::size_t h, std::size_t mi, std::size_t se) {
  auto Y = digits(s, y, 4), M = digits(s, mo, 2), D = digits(s, d, 2), H = digits(s, h, 2),
       N = digits(s, mi, 2), S = digits(s, se, 2);
  if (!Y || !M || !D || !H || !N || !S) return std::nullopt;
  Civil c{*Y, *M, *D, *H, *N, *S};
  if (!valid(c)) return std::nullopt;
  return c;
}

}  // namespace

std::optional<WallTime> parse_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  const auto civil = civil_of(s, 0, 5, 8, 11, 14, 17);
  if (!civil) return std::nullopt;
  std::size_t pos = 19;
  Millis fraction{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    int ms = 0, scale = 100;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      ms += (s[pos] - '0') * scale;  // digits beyond milliseconds are dropped
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
    fraction = Millis{ms};
  }
  if (pos >= s.size()) return std::nullopt;
  std::chrono::minutes offset{0};
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (!oh || !om || pos + 3 >= s.size() || s[pos + 3] != ':' || *oh > 23 || *om > 59)
      return std::nullopt;
    offset = std::chrono::minutes{*oh * 60 + *om};
    if (s[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return utc_of(*civil) + fraction - offset;
}

std::optional<WallTime> parse_compact_time(std::string_view s, bool local_time, Millis offset) {
  if (s.size() != 14) return std::nullopt;
  const auto civil = civil_of(s, 0, 4, 6, 8, 10, 12);
  if (!civil) return std::nullopt;
  if (!local_time) return utc_of(*civil) - offset;
  std::tm tm{};
  tm.tm_year = civil->year - 1900;
  tm.tm_mon = civil->month - 1;
  tm.tm_mday = civil->day;
  tm.tm_hour = civil->hour;
  tm.tm_min = civil->minute;
  tm.tm_sec = civil->second;
  tm.tm_isdst = -1;  // let the zone rules decide
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return WallClock::from_time_t(t);
}

std::optional<WallTime> parse_time_value(const nlohmann::json& value, bool compact_is_local,
                                         Millis compact_offset) {
  if (value.is_number_integer()) {
    // Epoch milliseconds within years 1970..2261 (2261-12-31T23:59:59.999Z), the range a
    // nanosecond system_clock holds: no overflow below.
    const auto ms = value.get<std::int64_t>();
    if (ms < 0 || ms > 9'214'646'399'999) return std::nullopt;
    return from_epoch_ms(ms);
  }
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() == 14) return parse_compact_time(text, compact_is_local, compact_offset);
  return parse_rfc3339(text);
}

}  // namespace sw::uplink
