// SPDX-License-Identifier: Apache-2.0
#include "console/console_error.hpp"

#include <array>
#include <utility>

namespace sw::console {

namespace {
constexpr std::array<std::pair<ErrorCode, std::string_view>, 5> kNames{{
    {ErrorCode::bad_request, "bad_request"},
    {ErrorCode::unknown_command, "unknown_command"},
    {ErrorCode::refused, "refused"},
    {ErrorCode::internal, "internal"},
    {ErrorCode::unsupported_version, "unsupported_version"},
}};
}  // namespace

std::string_view to_string(ErrorCode code) {
  for (const auto& [c, name] : kNames)
    if (c == code) return name;
  return "internal";
}

std::optional<ErrorCode> error_code_from_string(std::string_view text) {
  for (const auto& [c, name] : kNames)
    if (name == text) return c;
  return std::nullopt;
}

std::string describe_json_error(const std::exception& e) {
  const std::string what = e.what();
  if (what.rfind("[json.exception.", 0) == 0) {
    if (const auto end = what.find("] "); end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

}  // namespace sw::console
