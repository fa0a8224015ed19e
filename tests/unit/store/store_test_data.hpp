// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test data for the store's tests: alarm events that look like the real thing.
#include <string>

#include "core/alarm_event.hpp"

namespace sw::store::test {

inline AlarmEvent methane_event(int n, std::int64_t time_ms = 1'764'381'343'000) {
  AlarmEvent e;
  e.alarm_id = "01JALARM" + std::to_string(n / 3);
  e.event_id = "01JEVENT" + std::to_string(n);
  e.kind = n % 3 == 0 ? AlarmEventKind::raised : AlarmEventKind::escalated;
  e.state = AlarmState::unacknowledged;
  e.rule = "limit";
  e.point.id = "face3.ch4";
  e.point.bus = "face-3";
  e.point.device = "unit 7";
  e.point.name = "回风隅角甲烷";
  e.point.quantity = "methane";
  e.point.unit = "%CH4";
  e.point.location = "3号采煤工作面回风隅角";
  e.point.poll_period = Millis{2000};
  e.level = n % 3 == 0 ? "alarm" : "power_cut";
  e.priority = 1;
  e.value = 1.0 + n * 0.01;
  e.threshold = 1.0;
  e.peak = 1.6;
  e.major_hazard = n % 3 != 0;
  e.hazard_category = "瓦斯超限作业";
  e.clause = "煤矿安全规程 第498条";
  e.message = "methane " + std::to_string(e.value) + " %CH4";
  e.time = from_epoch_ms(time_ms + n * 1000);
  e.raised_at = from_epoch_ms(time_ms);
  return e;
}

}  // namespace sw::store::test
