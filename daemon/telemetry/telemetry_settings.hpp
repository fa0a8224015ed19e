// SPDX-License-Identifier: Apache-2.0
#pragma once
// The [telemetry] section: what the gateway reports besides alarms.
#include <cstddef>

#include "options/options.hpp"
#include "core/clock.hpp"

namespace sw::telemetry {

struct TelemetrySettings {
  bool enabled = true;
  // Periodic full snapshot of every point: 30 s is the coal-mine upload period ("30 s files",
  // AQ 6201 / GB 50581 polling cycle ≤ 30 s).
  Millis snapshot_period{30'000};
  // Changes beyond a point's deadband are batched and sent at most this often.
  Millis change_interval{1'000};
  // Average/max/min per point over aligned windows (coal-mine 5-minute statistics).
  Millis statistics_period{300'000};
  std::size_t max_points_per_message = 500;
};

const config::Options<TelemetrySettings>& telemetry_options();

}  // namespace sw::telemetry
