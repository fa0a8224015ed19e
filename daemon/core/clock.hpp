// SPDX-License-Identifier: Apache-2.0
#pragma once
// Two clocks with two jobs: wall time stamps observations (what the platform sees), steady time
// drives delays and timeouts (immune to NTP steps on a gateway whose clock is set late at boot).
#include <chrono>
#include <cstdint>
#include <string>

namespace sw {

using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;
using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;
using Millis = std::chrono::milliseconds;

inline std::int64_t to_epoch_ms(WallTime t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}
inline WallTime from_epoch_ms(std::int64_t ms) {
  return WallTime{Millis{ms}};
}

// RFC 3339 in UTC with milliseconds: 2026-11-29T01:55:43.123Z
std::string format_iso8601(WallTime t);
// Compact local-free form used by provincial platforms: yyyyMMddHHmmss (UTC unless told otherwise).
std::string format_compact(WallTime t, bool local_time);
// "250ms", "2s", "5m", "1h", "30d" — the one duration syntax in configs, commands and the console.
std::string format_duration(Millis d);

}  // namespace sw
