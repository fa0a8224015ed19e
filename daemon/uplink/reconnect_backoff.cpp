// SPDX-License-Identifier: Apache-2.0
#include "uplink/reconnect_backoff.hpp"

#include <algorithm>

namespace sw::uplink {

ReconnectBackoff::ReconnectBackoff(Millis min, Millis max, std::uint64_t seed)
    : min_(min), max_(std::max(min, max)), random_(seed) {}

Millis ReconnectBackoff::next() {
  // The ceiling doubles per failure: 2·min, 4·min, ... up to max. The wait is drawn from its upper
  // half ("equal jitter"), so it still grows while attempts of many gateways spread out.
  const int doublings = std::min(failures_ + 1, 40);
  const double ceiling =
      std::min(static_cast<double>(max_.count()),
               static_cast<double>(min_.count()) * static_cast<double>(1ULL << doublings));
  std::uniform_real_distribution<double> half(ceiling / 2, ceiling);
  ++failures_;
  const auto wait = Millis{static_cast<Millis::rep>(half(random_))};
  return std::clamp(wait, min_, max_);
}

}  // namespace sw::uplink
