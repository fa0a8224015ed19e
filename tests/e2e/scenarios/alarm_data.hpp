// SPDX-License-Identifier: Apache-2.0
#pragma once
// The scenario tests' view of an alarm message at the platform: its data, when it is an alarm of
// `rule` on `point`.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/mqtt_capture.hpp"

namespace sw::test {

inline std::optional<nlohmann::json> alarm_data(const CapturedMessage& m, const std::string& point,
                                                const std::string& rule) {
  if (m.topic.find("/alarm") == std::string::npos) return std::nullopt;
  const nlohmann::json j = m.json();
  if (j.is_discarded() || !j.contains("data")) return std::nullopt;
  const nlohmann::json& d = j["data"];
  if (d.value("point", "") != point || d.value("rule", "") != rule) return std::nullopt;
  return d;
}

}  // namespace sw::test
