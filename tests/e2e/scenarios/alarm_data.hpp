// SPDX-License-Identifier: Apache-2.0
#pragma once
// The scenario tests' view of an alarm message at the platform: its data, when it is an alarm of
// `rule` on `point`.
#include <chrono>
#include <optional>
#include <string>

#include <catch2/catch.hpp>
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

// Waits until the platform has the raise of `rule` on `point`, and returns its data. When it does
// not come, every message seen is put in the report, and nullopt returned.
inline std::optional<nlohmann::json> wait_for_raised(const MqttCapture& platform,
                                                     const std::string& point,
                                                     const std::string& rule,
                                                     std::chrono::milliseconds timeout) {
  const auto raised = platform.wait_for(
      [&](const CapturedMessage& m) {
        const auto d = alarm_data(m, point, rule);
        return d && d->value("event", "") == "raised";
      },
      timeout);
  if (!raised) {
    for (const auto& m : platform.messages())
      UNSCOPED_INFO(m.topic << " " << m.payload.substr(0, 300));
    return std::nullopt;
  }
  return alarm_data(*raised, point, rule);
}

}  // namespace sw::test
