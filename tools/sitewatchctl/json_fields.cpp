// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"

#include <fmt/format.h>

#include <cmath>

#include "console/protocol_time.hpp"

namespace sw::console {

namespace {

const nlohmann::json* field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::string text_of(const nlohmann::json& object, std::string_view key, std::string_view fallback) {
  const auto* value = field(object, key);
  if (value == nullptr) return std::string(fallback);
  if (value->is_string()) {
    const auto& s = value->get_ref<const std::string&>();
    return s.empty() ? std::string(fallback) : s;
  }
  if (value->is_boolean()) return value->get<bool>() ? "yes" : "no";
  if (value->is_number_integer()) return std::to_string(value->get<std::int64_t>());
  if (value->is_number()) return format_number(value->get<double>());
  return std::string(fallback);
}

std::optional<double> number_of(const nlohmann::json& object, std::string_view key) {
  const auto* value = field(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<std::int64_t> count_of(const nlohmann::json& object, std::string_view key) {
  const auto* value = field(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  if (value->is_number_float()) return static_cast<std::int64_t>(value->get<double>());
  return value->get<std::int64_t>();
}

bool flag_of(const nlohmann::json& object, std::string_view key) {
  const auto* value = field(object, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::optional<WallTime> time_of(const nlohmann::json& object, std::string_view key) {
  const auto* value = field(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return parse_rfc3339(value->get_ref<const std::string&>());
}

const nlohmann::json& object_of(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json empty = nlohmann::json::object();
  const auto* value = field(object, key);
  return value != nullptr && value->is_object() ? *value : empty;
}

const nlohmann::json& array_of(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json empty = nlohmann::json::array();
  const auto* value = field(object, key);
  return value != nullptr && value->is_array() ? *value : empty;
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

}  // namespace sw::console
