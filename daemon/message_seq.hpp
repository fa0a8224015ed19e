// SPDX-License-Identifier: Apache-2.0
#pragma once
// The gateway's message sequence (`seq` in every envelope): strictly increasing and never repeated
// for a gateway, whatever kind the message, whichever thread takes it, and across a kill. Numbers
// are handed out from a block reserved durably in the store before any of it is used; a restart
// begins after the last reserved block, so numbers a killed run took but never wrote (a birth,
// the Will it registered) are skipped rather than given again.
#include <atomic>
#include <cstdint>
#include <mutex>

namespace sw {

class GatewayStore;

class MessageSeq {
 public:
  // Continues after everything `store` has written or reserved.
  explicit MessageSeq(GatewayStore& store, std::int64_t block = kBlock);
  MessageSeq(const MessageSeq&) = delete;
  MessageSeq& operator=(const MessageSeq&) = delete;

  // The next number. Reserves the next block first when this one is used up (one durable write
  // per block); if the store cannot write, numbering goes on (alarms must not wait on a failing
  // disk) and the reservation is tried again with the next number.
  std::int64_t next();
  // A number without reserving first, for a message written in the store's transaction together
  // with `last_seq` (GatewayStore's hazard steps): a restart continues after it anyway, and a
  // reservation there would wait for the writing lock its caller holds. The next next() reserves.
  std::int64_t next_unreserved() { return ++seq_; }
  // The last number handed out.
  std::int64_t last() const { return seq_.load(); }

  static constexpr std::int64_t kBlock = 1000;

 private:
  GatewayStore& store_;
  const std::int64_t block_;
  std::atomic<std::int64_t> seq_;
  std::atomic<std::int64_t> reserved_;
  std::mutex reserving_;
};

}  // namespace sw
