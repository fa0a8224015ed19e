// SPDX-License-Identifier: Apache-2.0
#pragma once
// The gateway's SQLite store as the daemon uses it: three connections to one file (WAL), one per
// user, so none waits for another's work — the rules thread writes each batch in one durable
// transaction, the publisher drains the outbox, the console reads. When the disk fails, messages
// still go out live from a memory fallback and the storage fault is shown: alarms keep flowing,
// nothing is silently lost.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alarms/alarm_book.hpp"
#include "config/site_config.hpp"
#include "core/alarm_event.hpp"
#include "core/sample.hpp"
#include "store/alarm_ledger.hpp"
#include "store/closed_alarm.hpp"
#include "store/hazard_register.hpp"
#include "store/history.hpp"
#include "store/outbox.hpp"

namespace sw {

struct CommitBatch {
  std::vector<AlarmEvent> events;
  alarms::AlarmBook::Changes alarm_changes;
  std::vector<store::OutboundMessage> messages;
  std::vector<store::HistoryRow> history;  // points by their key (GatewayStore::point_keys)
  std::vector<store::StatisticsRow> statistics;
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
  std::uint64_t events_not_ledgered = 0;  // alarm events that went out live but missed the ledger
  std::string opened_note;                // e.g. "corrupt store moved aside to …"
  // The disk budget ([store] max_size, min_free), as of the last check.
  std::int64_t size_bytes = 0;    // file + WAL
  std::int64_t budget_bytes = 0;  // the smaller of max_size and what min_free leaves
  bool over_budget = false;       // over it with no history left to thin: ledger/outbox remain
  // The alarm ledger's last record, as of the last commit: the heartbeat sends it, so the
  // platform can tell a chain rewritten in the file from the one it was told about.
  store::LedgerHead ledger_head;
  // The newest statistics window's seal, likewise (issue 17 §4).
  store::StatisticsSealHead statistics_head;
};

class GatewayStore {
 public:
  explicit GatewayStore(const config::StoreSettings& settings);
  ~GatewayStore();
  GatewayStore(const GatewayStore&) = delete;
  GatewayStore& operator=(const GatewayStore&) = delete;

  // Rules thread. Writes the batch in one transaction (durable when it holds alarm events). On a
  // storage error, or any other failure of the write, the messages go to the memory fallback and
  // false is returned: an alarm the book made is sent even when it cannot be ledgered.
  bool commit(CommitBatch& batch);
  // Fault injection for tests: `fault` runs at the start of every commit, inside its transaction;
  // what it throws is a failed write. Empty: none.
  void inject_commit_fault(std::function<void()> fault);

  // Rules thread, at pipeline start: the store's key of each point id, in the same order,
  // created when new. Keys are stable across restarts and reloads; a removed point keeps its key
  // and its rows until they expire.
  std::vector<std::int64_t> point_keys(const std::vector<std::string>& ids);
  // Rules thread, at pipeline start: how long each point's samples are kept (by key); any other
  // key, e.g. of a removed point, for `default_keep`. Statistics are kept for the longer of that
  // and [store] statistics_retention.
  void set_retention(std::vector<std::pair<std::int64_t, Millis>> per_point, Millis default_keep);
  // Rules thread, after each turn's commit: one short, bounded slice of upkeep — expired rows of
  // the next points in turn (at least twice as many rows as were inserted since the last call),
  // and, checked once a second of `now`, the disk budget: thinning history oldest first and
  // giving freed pages back when the store nears max_size or min_free.
  void maintain(WallTime now);

  // Publisher thread: the outbox it drains, durable rows first, then the memory fallback.
  store::Outbox& outbox();

  // Start-up (before the threads run).
  std::vector<alarms::AlarmRecord> load_alarm_state();
  // The last message sequence number that may have been used (the last written or the last
  // reserved, whichever is higher).
  std::int64_t last_seq();
  // Any thread: records, durably, that numbers up to `up_to` may be handed out (MessageSeq).
  // Throws store::StoreError.
  void reserve_seq(std::int64_t up_to);
  // A number that grows with every start of the daemon: MQTT birth and Will carry it.
  std::int64_t next_session();

  // Any thread (heartbeat, console status): a read-only connection of its own, so a long query
  // below never delays it.
  store::OutboxStats outbox_stats() const;
  // Any thread (a platform resend): messages added to the outbox in a short transaction of their
  // own on the writing connection, between two of the rules thread's commits; `last_seq` follows.
  // Throws store::StoreError.
  void add_messages(std::vector<store::OutboundMessage>& messages);
  // Console: the oldest `max` dead letters (messages the broker kept refusing), on the same
  // connection; and putting them all back at the end of their lanes, on the writing one.
  std::vector<store::DeadLetter> dead_letters(std::size_t max) const;
  std::size_t requeue_dead_letters();
  // Console: one step of the hazard register (plan, rectify, close…), on the writing connection in
  // a short durable transaction of its own, between two of the rules thread's commits. Throws
  // store::HazardRefused (nothing changed) or store::StoreError.
  using HazardStepFn = std::function<store::HazardRecord(store::HazardRegister&)>;
  store::HazardRecord hazard_step(const HazardStepFn& step);
  // How a hazard step becomes a message for the platform (kind "hazard"), put in the outbox in
  // the step's own transaction — from the rules thread's commit or a console step alike. Called
  // under the writing lock: it must not reserve sequence numbers (MessageSeq::next_unreserved);
  // the store records the highest number written as `last_seq` in the same transaction. Set by
  // each rules thread as it starts (the message format may change with a reload); none: no
  // messages.
  using HazardMessageFn =
      std::function<store::OutboundMessage(const store::HazardRecord&, const store::HazardStep&)>;
  void set_hazard_messages(HazardMessageFn make);
  // Main thread: a message that goes out once per `value` of the meta key `key` (e.g. the month's
  // report, "report_sent" = "2026-11"), across restarts: the message, the key and `last_seq` in
  // one durable transaction. `make` numbers the message without reserving (as for hazard steps).
  // False when it was sent for `value` before. Throws store::StoreError.
  using MessageFn = std::function<store::OutboundMessage()>;
  bool send_once(const std::string& key, const std::string& value, const MessageFn& make);
  // Console: reads of the hazard register, on the console's read-only connection.
  using HazardReadFn = std::function<void(store::HazardRegister&)>;
  void read_hazards(const HazardReadFn& read);

  // Console queries: one more read-only connection, shared by these only.
  store::LedgerVerdict verify_ledger();
  // The statistics' seals: every link, and a slice of the windows' contents that goes round the
  // table over successive calls (with every window sealed since the last call).
  store::StatisticsVerdict verify_statistics();
  // The newest ledger records (alarm events as JSON), oldest first, each with its seq.
  std::vector<nlohmann::json> recent_ledger(std::size_t max);
  // Alarms closed (back to normal) since `since`, the most recent first; unreadable records
  // skipped.
  std::vector<store::ClosedAlarm> closed_alarms(WallTime since, std::size_t max);
  // History of one point, or of all points when `point` is empty, oldest first.
  std::vector<store::HistoryRecord> history(const std::string& point, WallTime since,
                                            WallTime until, std::size_t max);
  StorageHealth health() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sw
