// SPDX-License-Identifier: Apache-2.0
#pragma once
// The uplink against a real mosquitto: outboxes to drain (memory, SQLite), what the platform
// captured, read as envelopes.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.hpp"
#include "store/memory_outbox.hpp"
#include "store/sqlite_outbox.hpp"
#include "support/mqtt_capture.hpp"
#include "support/temp_dir.hpp"
#include "unit/uplink/uplink_test_data.hpp"
#include "uplink/uplink.hpp"

namespace sw::uplink::test {

// Matches the reply to the command with this request id.
inline auto reply_to(const std::string& request_id) {
  return [=](const sw::test::CapturedMessage& m) {
    const nlohmann::json j = m.json();
    return j.is_object() && j.value("kind", "") == "reply" && j["data"]["request_id"] == request_id;
  };
}

// The writer adds (the rules thread's side); the reader is what the uplink drains.
struct MemoryBacked {
  static constexpr const char* name = "memory";
  store::MemoryOutbox outbox{1'000'000};
  store::Outbox& writer() { return outbox; }
  store::Outbox& reader() { return outbox; }
};

// Two connections on one file, as in the daemon: one per thread.
struct SqliteBacked {
  static constexpr const char* name = "sqlite";
  sw::test::TempDir dir;
  store::Database writer_db{dir.file("store.db")};
  store::Database reader_db{dir.file("store.db")};
  store::SqliteOutbox writer_outbox{writer_db, 1'000'000};
  store::SqliteOutbox reader_outbox{reader_db, 1'000'000};
  store::Outbox& writer() { return writer_outbox; }
  store::Outbox& reader() { return reader_outbox; }
};

inline void add_messages(store::Outbox& outbox, const MessageEncoder& encoder, const Topics& topics,
                         store::Lane lane, std::int64_t first_seq, int count) {
  auto batch = outbound_batch(encoder, topics, lane, first_seq, count);
  outbox.add(batch);
}

// The envelopes of one kind the platform received, each id once (QoS 1 may deliver twice), in
// the order they first arrived.
inline std::vector<nlohmann::json> received(const sw::test::MqttCapture& capture,
                                            const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::set<std::string> seen;
  for (const auto& m : capture.messages()) {
    const nlohmann::json j = m.json();
    if (!j.is_object() || j.value("kind", "") != kind) continue;
    if (seen.insert(j["id"].get<std::string>()).second) out.push_back(j);
  }
  return out;
}

inline std::vector<std::int64_t> seqs(const std::vector<nlohmann::json>& messages) {
  std::vector<std::int64_t> out;
  for (const auto& j : messages) out.push_back(j["seq"].get<std::int64_t>());
  return out;
}

inline std::vector<std::int64_t> seq_range(std::int64_t first, std::int64_t count) {
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < count; ++i) out.push_back(first + i);
  return out;
}

}  // namespace sw::uplink::test
