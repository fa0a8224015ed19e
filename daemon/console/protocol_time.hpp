// SPDX-License-Identifier: Apache-2.0
#pragma once
// Times in console requests and answers: RFC 3339 text in UTC ("2026-11-29T01:55:43.123Z"), as
// core/clock.hpp writes them, or null when there is no such time (a device never read).
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::console {

nlohmann::json time_json(std::optional<WallTime> time);
// Accepts what time_json writes and, for people typing, a space for 'T', no fraction, lower-case
// letters and a numeric offset ("+08:00"). nullopt for anything else, including dates that do not
// exist (2026-02-30).
std::optional<WallTime> parse_rfc3339(std::string_view text);

}  // namespace sw::console
