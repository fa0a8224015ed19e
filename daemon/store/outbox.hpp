// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox owns delivery: a message stays until the uplink reports its PUBACK. One interface, two
// implementations (SQLite for the daemon, memory for the fallback when the disk fails), one test
// suite run against both (tests/unit/store/outbox_contract_test.cpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/outbound_message.hpp"

namespace sw::store {

struct OutboxStats {
  std::size_t depth = 0;
  std::int64_t bytes = 0;  // of the payloads waiting
  std::array<std::size_t, kLaneCount> by_lane{};
  std::uint64_t dropped_telemetry = 0;  // shed because the outbox was full: counted, never silent
  std::optional<WallTime> oldest;
  std::size_t dead_letters = 0;  // set aside after the broker refused them again and again

  // Two outboxes seen as one (the durable one and the memory fallback).
  OutboxStats& operator+=(const OutboxStats& other) {
    depth += other.depth;
    bytes += other.bytes;
    for (std::size_t i = 0; i < by_lane.size(); ++i) by_lane[i] += other.by_lane[i];
    dropped_telemetry += other.dropped_telemetry;
    if (other.oldest && (!oldest || *other.oldest < *oldest)) oldest = other.oldest;
    dead_letters += other.dead_letters;
    return *this;
  }
};

// Telemetry dead letters beyond this are dropped oldest first and counted as shed telemetry: a
// refused telemetry topic must not fill the disk. Alarm and event dead letters are all kept.
inline constexpr std::size_t kMaxTelemetryDeadLetters = 1000;

// An outbox bound by bytes that nothing configured: none.
inline constexpr std::int64_t kNoByteLimit = std::int64_t{1} << 62;

// A message the broker (or the client) kept refusing, moved out of its lane so that it no longer
// goes first at every connection. Kept with its payload, never dropped, never sent again by itself:
// the console lists them and puts them back once the cause (typically an ACL) is mended.
struct DeadLetter {
  OutboundMessage message;  // row: its dead-letter row
  WallTime set_aside{};
  std::string reason;  // the last refusal
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Accepts messages (assigning `row`). Alarm-lane messages are durable when this returns. When the
  // outbox is full — by messages or by the bytes of their payloads — the oldest telemetry is
  // dropped and counted; alarms, events and status are never dropped. Throws StoreError when it
  // cannot accept them.
  virtual void add(std::vector<OutboundMessage>& messages) = 0;
  // Up to `max` messages of `lane` with row > after_row, oldest first.
  virtual std::vector<OutboundMessage> next(Lane lane, std::int64_t after_row, std::size_t max) = 0;
  // Deletes delivered messages (PUBACK received).
  virtual void remove(const std::vector<std::int64_t>& rows) = 0;
  virtual OutboxStats stats() const = 0;

  // Dead letters. set_aside() moves one waiting message (its outbox row) to them, durably when the
  // message is; an unknown row is ignored (already delivered or set aside).
  virtual void set_aside(std::int64_t row, const std::string& reason) = 0;
  // The oldest `max` first.
  virtual std::vector<DeadLetter> dead_letters(std::size_t max) const = 0;
  // Puts every dead letter back at the end of its lane (new rows); returns how many.
  virtual std::size_t requeue_dead_letters() = 0;
};

}  // namespace sw::store
