#pragma once
// The gateway's one SQLite database, shared by the rules thread (writes each batch in one durable
// transaction), the publisher (drains the outbox) and the console (queries), on one connection
// serialised by a mutex. When the disk fails, messages still go out live from a memory fallback and
// the storage fault is shown: alarms keep flowing, nothing is silently lost.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "alarms/alarm_book.hpp"
#include "config/site_config.hpp"
#include "core/alarm_event.hpp"
#include "core/sample.hpp"
#include "store/alarm_ledger.hpp"
#include "store/outbox.hpp"
#include "telemetry/statistics_window.hpp"

namespace sw {

struct CommitBatch {
  std::vector<AlarmEvent> events;
  alarms::AlarmBook::Changes alarm_changes;
  std::vector<store::OutboundMessage> messages;
  std::vector<Sample> history;
  std::vector<telemetry::PointStatistics> statistics;
  std::int64_t last_seq = 0;
  bool empty() const {
    return events.empty() && alarm_changes.changed.empty() && alarm_changes.ended_sources.empty() &&
           messages.empty() && history.empty() && statistics.empty();
  }
};

struct StorageHealth {
  bool ok = true;
  std::string problem;  // the last storage error, cleared by the next good commit
  std::uint64_t failed_commits = 0;
  std::string opened_note;  // e.g. "corrupt store moved aside to …"
};

class GatewayStore {
 public:
  explicit GatewayStore(const config::StoreSettings& settings);
  ~GatewayStore();

  // Writes the batch in one transaction (synchronous=FULL when it holds alarm events). On a storage
  // error the messages go to the memory fallback and false is returned.
  bool commit(CommitBatch& batch);
  // The outbox the publisher drains: durable rows first, then the memory fallback.
  store::Outbox& outbox();
  store::OutboxStats outbox_stats();

  std::vector<alarms::AlarmRecord> load_alarm_state();
  std::int64_t last_seq();
  // A number that grows with every start of the daemon: MQTT birth/Will carry it.
  std::int64_t next_session();
  store::LedgerVerdict verify_ledger();
  std::vector<Sample> history(const std::string& point, WallTime since, WallTime until,
                              std::size_t max);
  // Deletes a little old history (never stalls the pipeline); returns rows deleted.
  std::size_t prune_step(WallTime before, std::size_t max_rows);
  StorageHealth health() const;

 private:
  class FailoverOutbox;
  mutable std::mutex mutex_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sw
