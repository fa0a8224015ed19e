// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>
#include <string_view>

#include "core/clock.hpp"

namespace sw {
// Parses "250ms", "2s", "1.5s", "5m", "1h", "90d". Returns nullopt on anything else (no unit,
// negative).
std::optional<Millis> parse_duration(std::string_view text);
}  // namespace sw
