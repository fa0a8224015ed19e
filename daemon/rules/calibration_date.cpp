// SPDX-License-Identifier: Apache-2.0
#include "rules/calibration_date.hpp"

#include <charconv>
#include <chrono>

namespace sw::rules {

namespace {
constexpr std::chrono::hours kChinaStandardTime{8};

std::optional<int> digits(std::string_view text) {
  int value = 0;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::optional<WallTime> calibration_overdue_at(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  const auto y = digits(date.substr(0, 4));
  const auto m = digits(date.substr(5, 2));
  const auto d = digits(date.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                        std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  const std::chrono::sys_days next_day = std::chrono::sys_days{ymd} + std::chrono::days{1};
  return std::chrono::time_point_cast<WallClock::duration>(next_day - kChinaStandardTime);
}

}  // namespace sw::rules
