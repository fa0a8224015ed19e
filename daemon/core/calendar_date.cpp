// SPDX-License-Identifier: Apache-2.0
#include "core/calendar_date.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace sw {

namespace {

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

WallTime local_midnight(int year, unsigned month, unsigned day) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = static_cast<int>(month) - 1;
  tm.tm_mday = static_cast<int>(day);
  tm.tm_isdst = -1;  // whatever daylight saving the zone has on that day
  return WallClock::from_time_t(::mktime(&tm));
}

}  // namespace

bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !m || !d) return false;
  return std::chrono::year_month_day{std::chrono::year{*y},
                                     std::chrono::month{static_cast<unsigned>(*m)},
                                     std::chrono::day{static_cast<unsigned>(*d)}}
      .ok();
}

std::optional<WallTime> local_day_start(std::string_view date) {
  if (!is_calendar_date(date)) return std::nullopt;
  return local_midnight(*digits(date, 0, 4), static_cast<unsigned>(*digits(date, 5, 2)),
                        static_cast<unsigned>(*digits(date, 8, 2)));
}

std::optional<std::pair<WallTime, WallTime>> local_month_bounds(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return std::nullopt;
  const auto y = digits(month, 0, 4), m = digits(month, 5, 2);
  if (!y || !m || *m < 1 || *m > 12) return std::nullopt;
  const auto first = local_midnight(*y, static_cast<unsigned>(*m), 1);
  const auto next = *m == 12 ? local_midnight(*y + 1, 1, 1)
                             : local_midnight(*y, static_cast<unsigned>(*m + 1), 1);
  return std::pair{first, next};
}

std::string local_month_of(WallTime t) {
  const std::time_t s = WallClock::to_time_t(t);
  std::tm tm{};
  ::localtime_r(&s, &tm);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return out;
}

int local_day_of_month(WallTime t) {
  const std::time_t s = WallClock::to_time_t(t);
  std::tm tm{};
  ::localtime_r(&s, &tm);
  return tm.tm_mday;
}

}  // namespace sw
