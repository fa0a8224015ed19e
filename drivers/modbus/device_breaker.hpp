// SPDX-License-Identifier: Apache-2.0
#pragma once
// The circuit breaker of one device on a shared line: a device that stops answering is probed
// less and less often (1, 2, 4, ... poll periods, capped), so its timeouts stop eating the line's
// time, while the other units keep their schedule (Neuron #1602, Telegraf #11782,
// node-red-contrib-modbus #409). The first answer closes the breaker again.
#include "core/clock.hpp"

namespace sw::modbus {

class DeviceBreaker {
 public:
  explicit DeviceBreaker(Millis max_backoff) : max_backoff_(max_backoff) {}

  // Whether the device may be asked at `now`.
  bool allows(SteadyTime now) const { return now >= retry_at_; }
  // The device answered (a value or an exception: it is there).
  void on_answer();
  // A cycle without any answer; `period` is the group's poll period.
  void on_silence(SteadyTime now, Millis period);

  int silent_cycles() const { return silent_cycles_; }
  SteadyTime retry_at() const { return retry_at_; }

 private:
  Millis max_backoff_;
  int silent_cycles_ = 0;
  SteadyTime retry_at_{};
};

}  // namespace sw::modbus
