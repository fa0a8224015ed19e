// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading a request's `args` in a handler, with errors that name the argument and what it must
// be: `missing argument "alarm_id"`, `argument "duration" must be a duration like 30m`. Each
// throws ConsoleError(bad_request).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::console {

std::string string_arg(const nlohmann::json& args, std::string_view key);
std::optional<std::string> optional_string_arg(const nlohmann::json& args, std::string_view key);
bool bool_arg(const nlohmann::json& args, std::string_view key, bool fallback);
// A whole number in [min, max].
std::optional<std::int64_t> optional_int_arg(const nlohmann::json& args, std::string_view key,
                                             std::int64_t min, std::int64_t max);
// "30m", "8h": the one duration syntax (core/duration_parse.hpp).
Millis duration_arg(const nlohmann::json& args, std::string_view key);
// RFC 3339 (protocol_time.hpp).
std::optional<WallTime> optional_time_arg(const nlohmann::json& args, std::string_view key);

}  // namespace sw::console
