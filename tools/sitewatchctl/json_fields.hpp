// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading the daemon's results for display without trusting them to be complete: a field that is
// missing, null or of another type shows as "-" instead of aborting the whole view (an older or
// partly wired daemon still gets a useful table).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::console {

// The field as text: strings as they are, numbers via format_number, booleans as yes/no.
std::string text_of(const nlohmann::json& object, std::string_view key,
                    std::string_view fallback = "-");
std::optional<double> number_of(const nlohmann::json& object, std::string_view key);
std::optional<std::int64_t> count_of(const nlohmann::json& object, std::string_view key);
bool flag_of(const nlohmann::json& object, std::string_view key);  // false unless true
std::optional<WallTime> time_of(const nlohmann::json& object, std::string_view key);
// The field if it is an object / array, else an empty one.
const nlohmann::json& object_of(const nlohmann::json& object, std::string_view key);
const nlohmann::json& array_of(const nlohmann::json& object, std::string_view key);

// Up to `decimals` decimals, trailing zeros dropped: 0.42, 1.5, 20, 1234.567.
std::string format_number(double value, int decimals = 3);

}  // namespace sw::console
