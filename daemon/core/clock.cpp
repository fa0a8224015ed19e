// SPDX-License-Identifier: Apache-2.0
#include "core/clock.hpp"

#include <fmt/format.h>
#include <ctime>

namespace sw {

namespace {
std::tm to_tm(WallTime t, bool local_time) {
  const std::time_t secs = WallClock::to_time_t(t);
  std::tm tm{};
  if (local_time)
    localtime_r(&secs, &tm);
  else
    gmtime_r(&secs, &tm);
  return tm;
}
}  // namespace

std::string format_iso8601(WallTime t) {
  const auto ms = to_epoch_ms(t);
  const std::tm tm = to_tm(from_epoch_ms(ms - (ms % 1000 + 1000) % 1000), false);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (ms % 1000 + 1000) % 1000);
}

std::string format_compact(WallTime t, bool local_time) {
  const std::tm tm = to_tm(t, local_time);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_duration(Millis d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 86'400'000 == 0) return fmt::format("{}d", ms / 86'400'000);
  if (ms != 0 && ms % 3'600'000 == 0) return fmt::format("{}h", ms / 3'600'000);
  if (ms != 0 && ms % 60'000 == 0) return fmt::format("{}m", ms / 60'000);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

}  // namespace sw
