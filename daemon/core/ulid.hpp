// SPDX-License-Identifier: Apache-2.0
#pragma once
// ULIDs: unique ids that sort by creation time, so ids in the ledger and the outbox read in order.
#include <string>

#include "core/clock.hpp"

namespace sw {
std::string make_ulid(WallTime t = WallClock::now());
}  // namespace sw
