// SPDX-License-Identifier: Apache-2.0
#include "uplink/outbox_reader.hpp"

namespace sw::uplink {

OutboxReader::OutboxReader(store::Outbox& outbox, std::size_t batch)
    : outbox_(outbox), batch_(batch == 0 ? 1 : batch) {}

const store::OutboundMessage* OutboxReader::peek() {
  // Lane order is priority order: an alarm that arrives while telemetry waits goes first.
  for (int i = 0; i < store::kLaneCount; ++i) {
    LaneCursor& lane = lanes_[static_cast<std::size_t>(i)];
    if (lane.fetched.empty() && lane.empty_at != generation_) {
      auto more = outbox_.next(static_cast<store::Lane>(i), lane.after_row, batch_);
      if (more.empty()) {
        lane.empty_at = generation_;
      } else {
        lane.after_row = more.back().row;
        for (auto& m : more) lane.fetched.push_back(std::move(m));
      }
    }
    if (!lane.fetched.empty()) {
      current_ = i;
      return &lane.fetched.front();
    }
  }
  current_ = -1;
  return nullptr;
}

void OutboxReader::pop() {
  if (current_ < 0) return;
  auto& fetched = lanes_[static_cast<std::size_t>(current_)].fetched;
  if (!fetched.empty()) fetched.pop_front();
  current_ = -1;
}

void OutboxReader::reset() {
  for (auto& lane : lanes_) lane = LaneCursor{};
  ++generation_;
  current_ = -1;
}

}  // namespace sw::uplink
