// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads the outbox for one connection: lane by lane in priority order (alarm, event, status,
// telemetry), each lane in row order from its own cursor, a batch at a time. reset() starts every
// lane over: after a reconnect everything still in the outbox — i.e. not acknowledged — goes again.
// Not thread-safe: the publisher thread owns it.
#include <array>
#include <cstdint>
#include <deque>

#include "store/outbox.hpp"

namespace sw::uplink {

class OutboxReader {
 public:
  OutboxReader(store::Outbox& outbox, std::size_t batch);

  // The next message to send, or nullptr when every lane is drained. An empty lane is asked again
  // only after new_messages(): the outbox is not queried on every call when idle.
  const store::OutboundMessage* peek();
  // The message peek() returned was handed to the broker (or skipped): move past it.
  void pop();
  // New messages may have been added (the rules thread committed, or a periodic look).
  void new_messages() { ++generation_; }
  // From the start of every lane again.
  void reset();

 private:
  struct LaneCursor {
    std::int64_t after_row = 0;                  // the last row fetched
    std::deque<store::OutboundMessage> fetched;  // fetched, not yet sent
    std::uint64_t empty_at = 0;  // the lane was empty at this generation (0: unknown)
  };

  store::Outbox& outbox_;
  const std::size_t batch_;
  std::array<LaneCursor, store::kLaneCount> lanes_;
  std::uint64_t generation_ = 1;
  int current_ = -1;  // the lane of the message peek() returned
};

}  // namespace sw::uplink
