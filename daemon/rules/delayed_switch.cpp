// SPDX-License-Identifier: Apache-2.0
#include "rules/delayed_switch.hpp"

namespace sw::rules {

void DelayedSwitch::update(Input input, SteadyTime now) {
  switch (input) {
    case Input::trip:
      if (phase_ == Phase::idle) {
        phase_ = Phase::tripping;
        since_ = now;
      } else if (phase_ == Phase::clearing) {
        phase_ = Phase::active;  // back beyond the threshold before the off-delay ran out
      }
      break;
    case Input::between:
      // Neither beyond nor restored: a trip needs the value beyond the threshold for the whole
      // on-delay, a clear needs it restored for the whole off-delay.
      if (phase_ == Phase::tripping) phase_ = Phase::idle;
      if (phase_ == Phase::clearing) phase_ = Phase::active;
      break;
    case Input::restore:
      if (phase_ == Phase::tripping) {
        phase_ = Phase::idle;
      } else if (phase_ == Phase::active) {
        phase_ = Phase::clearing;
        since_ = now;
      }
      break;
  }
  advance(now);
}

void DelayedSwitch::freeze() {
  if (phase_ == Phase::tripping) phase_ = Phase::idle;
  if (phase_ == Phase::clearing) phase_ = Phase::active;
}

bool DelayedSwitch::advance(SteadyTime now) {
  if (phase_ == Phase::tripping && now >= since_ + on_delay_) {
    phase_ = Phase::active;
    active_since_ = since_ + on_delay_;
    return true;
  }
  if (phase_ == Phase::clearing && now >= since_ + off_delay_) {
    phase_ = Phase::idle;
    return true;
  }
  return false;
}

}  // namespace sw::rules
