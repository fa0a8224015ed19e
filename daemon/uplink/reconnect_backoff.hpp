// SPDX-License-Identifier: Apache-2.0
#pragma once
// How long to wait before the next connection attempt: doubling from `min` per failure, capped at
// `max`, with jitter so that a fleet of gateways does not hammer a broker that just came back all
// in the same second. Every wait lies in [min, max].
#include <cstdint>
#include <random>

#include "core/clock.hpp"

namespace sw::uplink {

class ReconnectBackoff {
 public:
  ReconnectBackoff(Millis min, Millis max, std::uint64_t seed = std::random_device{}());
  // The wait before the next attempt; each call counts one more failure.
  Millis next();
  // After a successful connection: the next wait starts from `min` again.
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  Millis min_;
  Millis max_;
  int failures_ = 0;
  std::mt19937_64 random_;
};

}  // namespace sw::uplink
