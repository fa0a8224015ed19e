// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/time_text.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

#include "console/protocol_time.hpp"
#include "core/duration_parse.hpp"

namespace sw::console {

std::string format_clock_time(WallTime time, bool utc) {
  const std::time_t secs = WallClock::to_time_t(time);
  std::tm tm{};
  if (utc)
    gmtime_r(&secs, &tm);
  else
    localtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_age(Millis age) {
  const long long s = age.count() < 0 ? 0 : age.count() / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", s / 60);
  if (s < 86400) return fmt::format("{}h", s / 3600);
  return fmt::format("{}d", s / 86400);
}

std::string age_since(WallTime then, WallTime now) {
  return format_age(std::chrono::duration_cast<Millis>(now - then)) + " ago";
}

std::string format_uptime(Millis uptime) {
  const long long s = uptime.count() < 0 ? 0 : uptime.count() / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h {}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d {}h", s / 86400, s % 86400 / 3600);
}

std::optional<WallTime> parse_when(std::string_view text, WallTime now, bool utc) {
  if (text == "now") return now;
  if (const auto ago = parse_duration(text)) return now - *ago;
  if (const auto exact = parse_rfc3339(text)) return exact;

  // "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" (or with 'T'), zone from the option.
  const std::string copy(text);
  std::tm tm{};
  char sep = 0;
  int consumed = 0;
  int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2d%n%c%2d:%2d%n:%2d%n", &tm.tm_year, &tm.tm_mon,
                           &tm.tm_mday, &consumed, &sep, &tm.tm_hour, &tm.tm_min, &consumed,
                           &tm.tm_sec, &consumed);
  if (fields != 3 && fields != 6 && fields != 7) return std::nullopt;
  if (fields > 3 && sep != ' ' && sep != 'T') return std::nullopt;
  if (static_cast<std::size_t>(consumed) != copy.size()) return std::nullopt;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  const int day = tm.tm_mday;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  const std::time_t t = utc ? timegm(&tm) : std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1) || tm.tm_mday != day) return std::nullopt;  // 02-30
  return WallClock::from_time_t(t);
}

}  // namespace sw::console
