// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a platform `resend` may cost (issue 19: 30 resends of ~110 bytes once made ~299 MB reach the
// subscriber in 12 s). Before a resend runs, the governor decides:
//   - one at a time (a second one while the first runs is refused);
//   - at most one every `min_interval` (a rate limit);
//   - at most `budget_bytes` of resent messages in any `window` (an hour): spent, it refuses until
//     the oldest resend leaves the window;
//   - ranges already resent within the window are not sent again: the request is cut to the parts
//     that were not (overlapping requests merge), and a request wholly covered sends nothing.
// The budget is checked before a resend and counted after it (its size is known only then), so
// one resend can overshoot it by at most one resend's size (≤ 100,000 rows).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"

namespace sw::uplink {

struct ResendPolicy {
  std::int64_t budget_bytes = 32LL << 20;
  Millis window{3'600'000};
  Millis min_interval{10'000};
};

struct TimeRange {
  WallTime from, to;  // [from, to]
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

class ResendGovernor {
 public:
  explicit ResendGovernor(ResendPolicy policy) : policy_(policy) {}

  // The parts of [from, to] to send now (empty: all of it was resent within the window), or the
  // reason it is refused. Admitted, the resend is "running" until finish().
  std::variant<std::vector<TimeRange>, std::string> admit(WallTime from, WallTime to,
                                                          SteadyTime now);
  // The admitted resend is done: `sent` went out (the parts actually covered, a cut one shorter),
  // costing `bytes`.
  void finish(const std::vector<TimeRange>& sent, std::int64_t bytes, SteadyTime now);
  std::int64_t spent(SteadyTime now);

 private:
  struct Done {
    SteadyTime at;
    std::vector<TimeRange> ranges;
    std::int64_t bytes;
  };
  void forget_old(SteadyTime now);

  ResendPolicy policy_;
  std::deque<Done> done_;  // oldest first, within the window
  std::optional<SteadyTime> last_started_;
  bool running_ = false;
};

// [from, to] without the parts covered by `sent` (in any order, overlapping or not).
std::vector<TimeRange> subtract_ranges(TimeRange wanted, std::vector<TimeRange> sent);

}  // namespace sw::uplink
