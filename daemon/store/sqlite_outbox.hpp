// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox in SQLite: alarms are on disk (fsynced) before add() returns and leave only when the
// uplink reports their PUBACK, across broker outages, kill -9 and reboots. Bounded: beyond
// max_messages, or max_bytes of payload, the oldest telemetry is deleted and counted (the count
// kept in meta), never an alarm.
//
// The rules thread adds on its connection, the uplink drains on its own, the console reads stats on
// a read-only one: depth per lane is kept by triggers in the file itself, so every connection sees
// the same numbers and stats() costs a few indexed reads whatever the backlog. Like its Database,
// an instance belongs to one thread at a time.
#include <cstdint>
#include <vector>

#include "store/database.hpp"
#include "store/outbox.hpp"

namespace sw::store {

class SqliteOutbox final : public Outbox {
 public:
  SqliteOutbox(Database& db, std::size_t max_messages, std::int64_t max_bytes = kNoByteLimit);

  // Joins the caller's transaction when there is one (made durable when a message is an alarm or
  // an event), else commits its own.
  void add(std::vector<OutboundMessage>& messages) override;
  std::vector<OutboundMessage> next(Lane lane, std::int64_t after_row, std::size_t max) override;
  // In one transaction.
  void remove(const std::vector<std::int64_t>& rows) override;
  OutboxStats stats() const override;
  // Durable, like an alarm: a dead letter is the only copy of its message.
  void set_aside(std::int64_t row, const std::string& reason) override;
  std::vector<DeadLetter> dead_letters(std::size_t max) const override;
  std::size_t requeue_dead_letters() override;

 private:
  Database& db_;
  const std::size_t max_messages_;
  const std::int64_t max_bytes_;
};

}  // namespace sw::store
