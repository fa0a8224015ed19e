// SPDX-License-Identifier: Apache-2.0
#pragma once
// Calendar dates as people write them in the 隐患台账 and the monthly 调度表: a 期限 "2026-12-31",
// a campaign start, a report month "2026-11". Days and months begin at local midnight: the site's
// time zone (TZ), as the people who sign the register count them.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.hpp"

namespace sw {

// "2026-12-31": a real calendar date in YYYY-MM-DD.
bool is_calendar_date(std::string_view text);
// Local midnight at the start of a YYYY-MM-DD date; nullopt if it is not one.
std::optional<WallTime> local_day_start(std::string_view date);
// [first day's local midnight, next month's) of a YYYY-MM month; nullopt if it is not one.
std::optional<std::pair<WallTime, WallTime>> local_month_bounds(std::string_view month);
// The local YYYY-MM of a time.
std::string local_month_of(WallTime t);
// The local day of the month of a time, 1..31.
int local_day_of_month(WallTime t);

}  // namespace sw
