// SPDX-License-Identifier: Apache-2.0
#pragma once
// Times as people read and type them: "2026-11-29 09:55:43" in local time (or UTC with --utc),
// ages like "3s" or "2h", uptimes like "2d 3h 4m", and --since/--until arguments.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace sw::console {

std::string format_clock_time(WallTime time, bool utc);
// The largest whole unit, rounded down: "0s", "59s", "5m", "2h", "3d". Negative ages (a clock
// step) print as "0s".
std::string format_age(Millis age);
// "3s ago": how long before `now` `then` was.
std::string age_since(WallTime then, WallTime now);
// Up to the two largest units: "42s", "5m 3s", "3h 4m", "2d 3h".
std::string format_uptime(Millis uptime);

// What --since / --until accept: "now", a duration meaning that long ago ("1h", "30m"), an
// RFC 3339 time ("2026-11-29T01:00:00Z", "…+08:00"), or "YYYY-MM-DD[ HH:MM[:SS]]" in local time
// (UTC when `utc`). nullopt for anything else.
std::optional<WallTime> parse_when(std::string_view text, WallTime now, bool utc);

}  // namespace sw::console
