// SPDX-License-Identifier: Apache-2.0
#include "console/handler_args.hpp"

#include "console/console_error.hpp"
#include "console/protocol_time.hpp"
#include "core/duration_parse.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

const json* find(const json& args, std::string_view key) {
  if (!args.is_object()) return nullptr;
  const auto it = args.find(key);
  if (it == args.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void bad(std::string_view key, std::string_view must_be) {
  throw ConsoleError(ErrorCode::bad_request,
                     "argument \"" + std::string(key) + "\" must be " + std::string(must_be));
}

}  // namespace

std::string string_arg(const json& args, std::string_view key) {
  auto value = optional_string_arg(args, key);
  if (!value)
    throw ConsoleError(ErrorCode::bad_request, "missing argument \"" + std::string(key) + "\"");
  return std::move(*value);
}

std::optional<std::string> optional_string_arg(const json& args, std::string_view key) {
  const json* value = find(args, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string() || value->get_ref<const std::string&>().empty())
    bad(key, "a non-empty string");
  return value->get<std::string>();
}

bool bool_arg(const json& args, std::string_view key, bool fallback) {
  const json* value = find(args, key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) bad(key, "true or false");
  return value->get<bool>();
}

std::optional<std::int64_t> optional_int_arg(const json& args, std::string_view key,
                                             std::int64_t min, std::int64_t max) {
  const json* value = find(args, key);
  if (value == nullptr) return std::nullopt;
  const std::string range =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (value->is_number_unsigned()) {
    const auto n = value->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(max)) bad(key, range);
    return static_cast<std::int64_t>(n);
  }
  if (!value->is_number_integer()) bad(key, range);
  const auto n = value->get<std::int64_t>();
  if (n < min || n > max) bad(key, range);
  return n;
}

Millis duration_arg(const json& args, std::string_view key) {
  const json* value = find(args, key);
  if (value == nullptr)
    throw ConsoleError(ErrorCode::bad_request, "missing argument \"" + std::string(key) + "\"");
  std::optional<Millis> parsed;
  if (value->is_string()) parsed = parse_duration(value->get_ref<const std::string&>());
  if (!parsed || parsed->count() <= 0) bad(key, "a duration like 30m, 2h or 90s");
  return *parsed;
}

std::optional<WallTime> optional_time_arg(const json& args, std::string_view key) {
  const json* value = find(args, key);
  if (value == nullptr) return std::nullopt;
  std::optional<WallTime> parsed;
  if (value->is_string()) parsed = parse_rfc3339(value->get_ref<const std::string&>());
  if (!parsed) bad(key, "an RFC 3339 time like 2026-11-29T01:55:43Z");
  return parsed;
}

}  // namespace sw::console
