// SPDX-License-Identifier: Apache-2.0
#pragma once
// Moving a corrupt store out of the way, keeping it for a post-mortem.
#include <string>

#include "core/clock.hpp"

namespace sw::store {

// Renames `path` and its companions (-wal, -shm, -journal) to `<path>.corrupt-<UTC time>` (with a
// counter when that name is taken) and returns the new name of the main file. Throws StoreError.
std::string move_corrupt_aside(const std::string& path, WallTime now = WallClock::now());

}  // namespace sw::store
