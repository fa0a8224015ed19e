// SPDX-License-Identifier: Apache-2.0
#pragma once
// One fixture per Outbox implementation, so one contract suite runs against each
// (TEMPLATE_TEST_CASE in outbox_contract_test.cpp).
#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/failover_outbox.hpp"
#include "store/memory_outbox.hpp"
#include "store/outbox.hpp"
#include "store/sqlite_outbox.hpp"
#include "support/temp_dir.hpp"

namespace sw::store::test {

struct MemoryOutboxFixture {
  std::unique_ptr<MemoryOutbox> outbox;
  Outbox& make(std::size_t max_messages, std::int64_t max_bytes = kNoByteLimit) {
    outbox = std::make_unique<MemoryOutbox>(max_messages, max_bytes);
    return *outbox;
  }
};

struct SqliteOutboxFixture {
  sw::test::TempDir dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<SqliteOutbox> outbox;
  Outbox& make(std::size_t max_messages, std::int64_t max_bytes = kNoByteLimit) {
    db = std::make_unique<Database>(dir.file("store.db"));
    outbox = std::make_unique<SqliteOutbox>(*db, max_messages, max_bytes);
    return *outbox;
  }
};

// What the publisher really drains: the SQLite outbox with the memory fallback behind it.
struct FailoverOutboxFixture {
  sw::test::TempDir dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<SqliteOutbox> durable;
  std::unique_ptr<MemoryOutbox> memory;
  std::unique_ptr<FailoverOutbox> outbox;
  Outbox& make(std::size_t max_messages, std::int64_t max_bytes = kNoByteLimit) {
    db = std::make_unique<Database>(dir.file("store.db"));
    durable = std::make_unique<SqliteOutbox>(*db, max_messages, max_bytes);
    memory = std::make_unique<MemoryOutbox>(max_messages);
    outbox = std::make_unique<FailoverOutbox>(*durable, *memory);
    return *outbox;
  }
};

inline OutboundMessage message(Lane lane, const std::string& id, std::int64_t created_ms = 1000,
                               const std::string& point = "face3.ch4") {
  OutboundMessage m;
  m.id = id;
  m.lane = lane;
  m.topic = std::string("sw/e/g/") + std::string(to_string(lane));
  m.payload = R"({"id":")" + id + R"(","resent":false})";
  m.point = point;
  m.created = from_epoch_ms(created_ms);
  return m;
}

}  // namespace sw::store::test
