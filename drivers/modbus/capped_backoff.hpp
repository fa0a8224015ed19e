// SPDX-License-Identifier: Apache-2.0
#pragma once
// Capped exponential backoff: first, 2×first, 4×first, ... up to max, each with up to 10 % random
// extra so that many gateways do not reconnect in step after a shared outage.
#include "core/clock.hpp"

namespace sw::modbus {

class CappedBackoff {
 public:
  CappedBackoff(Millis first, Millis max) : first_(first), max_(max) {}
  // The wait before the next attempt, one step longer than the last.
  Millis next();
  // After a success: the next failure starts again at `first`.
  void reset() { current_ = Millis{0}; }
  // The step last handed out, without jitter (0 after reset).
  Millis current() const { return current_; }

 private:
  Millis first_;
  Millis max_;
  Millis current_{0};
};

}  // namespace sw::modbus
