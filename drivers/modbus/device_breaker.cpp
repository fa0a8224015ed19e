// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/device_breaker.hpp"

#include <algorithm>

namespace sw::modbus {

void DeviceBreaker::on_answer() {
  silent_cycles_ = 0;
  retry_at_ = SteadyTime{};
}

void DeviceBreaker::on_silence(SteadyTime now, Millis period) {
  ++silent_cycles_;
  // The first silent cycle keeps the normal schedule (one lost answer is not an outage).
  const int doublings = std::min(silent_cycles_ - 1, 20);
  const Millis wait = std::min(Millis{period.count() << doublings}, std::max(max_backoff_, period));
  retry_at_ = now + wait;
}

}  // namespace sw::modbus
