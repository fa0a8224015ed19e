// SPDX-License-Identifier: Apache-2.0
#include "core/quality.hpp"

#include <array>
#include <utility>

namespace sw {
namespace {
constexpr std::array<std::pair<Quality, std::string_view>, 7> kNames{{
    {Quality::good, "good"},
    {Quality::comm_loss, "comm_loss"},
    {Quality::device_fault, "device_fault"},
    {Quality::warming_up, "warming_up"},
    {Quality::calibrating, "calibrating"},
    {Quality::out_of_range, "out_of_range"},
    {Quality::stale, "stale"},
}};
}  // namespace

std::string_view to_string(Quality q) {
  for (const auto& [value, name] : kNames)
    if (value == q) return name;
  return "unknown";
}

std::string_view to_string(RangeSide side) {
  switch (side) {
    case RangeSide::low:
      return "low";
    case RangeSide::high:
      return "high";
    case RangeSide::none:
      break;
  }
  return "none";
}

std::optional<Quality> quality_from_string(std::string_view s) {
  for (const auto& [value, name] : kNames)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace sw
