// SPDX-License-Identifier: Apache-2.0
#include "telemetry/telemetry_settings.hpp"

namespace sw::telemetry {

const config::Options<TelemetrySettings>& telemetry_options() {
  static const auto opts = [] {
    config::Options<TelemetrySettings> o("telemetry");
    o.add("enabled", &TelemetrySettings::enabled, "send telemetry (alarms are always sent)");
    o.add("snapshot_period", &TelemetrySettings::snapshot_period,
          "full snapshot of every point this often (0s: never)");
    o.add("change_interval", &TelemetrySettings::change_interval,
          "changes beyond the deadband are batched and sent at most this often")
        .between(Millis{0}, Millis{3'600'000});
    o.add("statistics_period", &TelemetrySettings::statistics_period,
          "window of average/max/min statistics (0s: none)");
    o.add("max_points_per_message", &TelemetrySettings::max_points_per_message,
          "largest batch in one telemetry message")
        .between(1, 100'000);
    return o;
  }();
  return opts;
}

}  // namespace sw::telemetry
