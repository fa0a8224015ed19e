// SPDX-License-Identifier: Apache-2.0
#include "uplink/resend_governor.hpp"

#include <algorithm>

#include "core/byte_size.hpp"

namespace sw::uplink {

std::vector<TimeRange> subtract_ranges(TimeRange wanted, std::vector<TimeRange> sent) {
  std::sort(sent.begin(), sent.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
  std::vector<TimeRange> out;
  WallTime cursor = wanted.from;
  constexpr auto kTick = std::chrono::milliseconds(1);  // ranges are inclusive, in milliseconds
  for (const auto& s : sent) {
    if (s.to < cursor) continue;
    if (s.from > wanted.to) break;
    if (s.from > cursor) out.push_back({cursor, std::min(wanted.to, s.from - kTick)});
    cursor = std::max(cursor, s.to + kTick);
    if (cursor > wanted.to) return out;
  }
  if (cursor <= wanted.to) out.push_back({cursor, wanted.to});
  return out;
}

void ResendGovernor::forget_old(SteadyTime now) {
  while (!done_.empty() && now - done_.front().at >= policy_.window) done_.pop_front();
}

std::int64_t ResendGovernor::spent(SteadyTime now) {
  forget_old(now);
  std::int64_t total = 0;
  for (const auto& d : done_) total += d.bytes;
  return total;
}

std::variant<std::vector<TimeRange>, std::string> ResendGovernor::admit(WallTime from, WallTime to,
                                                                        SteadyTime now) {
  if (running_) return std::string("a resend is running; one at a time");
  if (last_started_ && now - *last_started_ < policy_.min_interval) {
    const auto wait =
        std::chrono::ceil<std::chrono::seconds>(policy_.min_interval - (now - *last_started_));
    return "at most one resend every " + format_duration(policy_.min_interval) + "; try again in " +
           std::to_string(wait.count()) + " s";
  }
  const std::int64_t used = spent(now);
  if (used >= policy_.budget_bytes) {
    const auto wait =
        std::chrono::ceil<std::chrono::minutes>(policy_.window - (now - done_.front().at));
    return "the resend budget is spent: " + format_byte_size({used}) + " resent in the last " +
           format_duration(policy_.window) + " ([mqtt] resend_budget " +
           format_byte_size({policy_.budget_bytes}) + "); try again in " +
           std::to_string(wait.count()) + " min";
  }
  std::vector<TimeRange> sent;
  for (const auto& d : done_) sent.insert(sent.end(), d.ranges.begin(), d.ranges.end());
  running_ = true;
  last_started_ = now;
  return subtract_ranges({from, to}, std::move(sent));
}

void ResendGovernor::finish(const std::vector<TimeRange>& sent, std::int64_t bytes,
                            SteadyTime now) {
  running_ = false;
  forget_old(now);
  done_.push_back({now, sent, bytes});
}

}  // namespace sw::uplink
