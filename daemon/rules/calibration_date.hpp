// SPDX-License-Identifier: Apache-2.0
#pragma once
// Calibration due dates ("2026-12-31"), as a site writes them in a point table.
#include <optional>
#include <string_view>

#include "core/clock.hpp"

namespace sw::rules {

// The instant a calibration due on `date` becomes overdue: the start of the next day in China
// Standard Time (UTC+8), where the standards apply — a gateway's own clock is often set to UTC, so
// its time zone is not used. nullopt unless `date` is a real calendar date written YYYY-MM-DD.
std::optional<WallTime> calibration_overdue_at(std::string_view date);

}  // namespace sw::rules
