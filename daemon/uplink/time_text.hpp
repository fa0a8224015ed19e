// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads a time a platform sends in a command: epoch milliseconds (a JSON integer), RFC 3339
// ("2026-11-29T01:55:43Z", "2026-11-29T09:55:43.5+08:00") or yyyyMMddHHmmss (at the format's
// utc_offset, or the gateway's local time when the format says so). The reverse of
// MessageEncoder::time_value.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::uplink {

std::optional<WallTime> parse_rfc3339(std::string_view text);
// `offset`: what yyyyMMddHHmmss is ahead of UTC when not `local_time` (+8 h for Beijing time).
std::optional<WallTime> parse_compact_time(std::string_view text, bool local_time,
                                           Millis offset = Millis{0});
// Any of the three forms; nullopt for anything else (including out-of-range dates like Feb 30).
std::optional<WallTime> parse_time_value(const nlohmann::json& value, bool compact_is_local,
                                         Millis compact_offset = Millis{0});

}  // namespace sw::uplink
