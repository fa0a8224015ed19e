// SPDX-License-Identifier: Apache-2.0
#pragma once
// What one platform resend queued: how many samples and bytes, and, when the history held more than
// one resend may carry (kMaxResendRows), where it stopped, so the platform can ask for the rest.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/clock.hpp"

namespace sw {

inline constexpr std::size_t kMaxResendRows = 100'000;

struct ResendOutcome {
  std::size_t samples = 0;
  std::int64_t bytes = 0;               // of the telemetry messages queued
  std::optional<WallTime> resume_from;  // cut: nothing from this time on was sent
};

}  // namespace sw
