// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/capped_backoff.hpp"

#include <algorithm>
#include <random>

namespace sw::modbus {

Millis CappedBackoff::next() {
  current_ = current_.count() == 0 ? first_ : std::min(current_ * 2, max_);
  thread_local std::mt19937 rng{std::random_device{}()};
  const auto jitter =
      Millis{std::uniform_int_distribution<Millis::rep>(0, current_.count() / 10)(rng)};
  return current_ + jitter;
}

}  // namespace sw::modbus
