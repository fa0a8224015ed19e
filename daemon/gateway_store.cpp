// SPDX-License-Identifier: Apache-2.0
#include "gateway_store.hpp"

#include <optional>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "store/alarm_event_json.hpp"
#include "store/alarm_state_table.hpp"
#include "store/database.hpp"
#include "store/disk_budget.hpp"
#include "store/failover_outbox.hpp"
#include "store/history.hpp"
#include "store/history_retention.hpp"
#include "store/memory_outbox.hpp"
#include "store/meta_table.hpp"
#include "store/point_keys.hpp"
#include "store/sqlite_outbox.hpp"

namespace sw {

namespace {
// How much the memory fallback holds while the disk is failing.
constexpr std::size_t kMemoryFallbackMessages = 100'000;
// One maintain() call deletes at most this many rows plus twice the rows inserted since the last
// call (so it keeps pace with any insertion rate): a few milliseconds of the write lock
// (docs/performance.md).
constexpr std::size_t kMaintainRows = 2000;

// The secondary connections read a few rows at a time (the publisher the outbox's head, the
// status its counts, the console a query's range): a small page cache each, the writer keeps
// SQLite's 2 MB for the history's current bucket and the outbox.
store::DatabaseOptions secondary_options(bool read_only, std::size_t cache_kib) {
  store::DatabaseOptions o;
  o.read_only = read_only;
  o.cache_kib = cache_kib;
  o.check = store::IntegrityCheck::none;  // the writing connection checked the file
  o.replace_corrupt = false;
  return o;
}
}  // namespace

struct GatewayStore::Impl {
  explicit Impl(const config::StoreSettings& s)
      : settings(s),
        writer(s.path),
        writer_outbox(writer, static_cast<std::size_t>(s.outbox_max_messages),
                      s.outbox_max_bytes.bytes),
        ledger(writer, s.ledger_key),
        hazards(writer),
        state(writer),
        meta(writer),
        history(writer),
        keys(writer),
        retention(writer, history),
        budget(writer, history, s.max_size, s.min_free),
        publisher_db(s.path, secondary_options(false, 512)),
        publisher_outbox(publisher_db, static_cast<std::size_t>(s.outbox_max_messages)),
        memory(kMemoryFallbackMessages, s.outbox_max_bytes.bytes),
        failover(publisher_outbox, memory),
        writer_view(writer_outbox, memory),
        status_reader(s.path, secondary_options(true, 256)),
        status_outbox(status_reader, static_cast<std::size_t>(s.outbox_max_messages)),
        status_view(status_outbox, memory),
        reader(s.path, secondary_options(true, 512)),
        reader_ledger(reader, s.ledger_key),
        reader_hazards(reader),
        reader_history(reader) {
    seq_written = meta.get_int("last_seq").value_or(0);
    hazards.set_step_sink([this](const store::HazardRecord& r, const store::HazardStep& step) {
      if (!hazard_messages) return;
      store::OutboundMessage m = hazard_messages(r, step);
      seq_written = std::max(seq_written, m.seq);
      std::vector<store::OutboundMessage> one{std::move(m)};
      writer_outbox.add(one);
    });
  }

  // In the writing transaction: `last_seq` never goes back, whichever of the rules thread's
  // commits and the console's hazard steps wrote last.
  void save_last_seq(std::int64_t seq) {
    seq_written = std::max(seq_written, seq);
    meta.set_int("last_seq", seq_written);
  }

  config::StoreSettings settings;
  // Rules thread; and a reload, which prepares the next pipeline's points while the running
  // rules thread writes: writer_mutex keeps their uses of the connection apart (uncontended
  // otherwise, a few tens of nanoseconds a commit).
  std::mutex writer_mutex;
  std::function<void()> commit_fault;  // tests only
  store::Database writer;
  store::SqliteOutbox writer_outbox;
  store::AlarmLedger ledger;
  store::HazardRegister hazards;  // also the console's hazard steps, under writer_mutex
  store::AlarmStateTable state;
  store::MetaTable meta;
  store::History history;
  store::PointKeys keys;
  store::HistoryRetention retention;
  store::DiskBudget budget;
  std::size_t rows_since_maintain = 0;
  GatewayStore::HazardMessageFn hazard_messages;  // under writer_mutex
  std::int64_t seq_written = 0;                   // the highest seq written, under writer_mutex
  // Publisher thread.
  store::Database publisher_db;
  store::SqliteOutbox publisher_outbox;
  store::MemoryOutbox memory;
  store::FailoverOutbox failover;
  // Both outboxes as one on the writing connection (under writer_mutex): the console's requeue.
  store::FailoverOutbox writer_view;
  // The heartbeat's and the console's status (a few counts), serialised by status_mutex. Its own
  // connection, so a long console query never holds back the heartbeat and with it delivery.
  std::mutex status_mutex;
  store::Database status_reader;
  store::SqliteOutbox status_outbox;
  store::FailoverOutbox status_view;  // with the memory fallback: what the counts cover
  // Console queries (history, ledger), serialised by reader_mutex; nothing of the pipeline waits
  // on it.
  std::mutex reader_mutex;
  store::Database reader;
  store::AlarmLedger reader_ledger;
  store::HazardRegister reader_hazards;
  store::History reader_history;

  mutable std::mutex health_mutex;
  StorageHealth health;
};

GatewayStore::GatewayStore(const config::StoreSettings& settings)
    : impl_(std::make_unique<Impl>(settings)) {
  const auto& report = impl_->writer.open_report();
  if (report.recreated) {
    impl_->health.opened_note = "the store was corrupt (" + report.problem + "); moved aside to " +
                                report.moved_aside_to + " and a new one created";
    spdlog::error("[store] {}", impl_->health.opened_note);
  }
  impl_->health.ledger_head = impl_->ledger.head();
  impl_->health.statistics_head = impl_->history.seals().head();
  spdlog::info("[store] {} open", settings.path);
}

GatewayStore::~GatewayStore() = default;

void GatewayStore::inject_commit_fault(std::function<void()> fault) {
  std::lock_guard writing(impl_->writer_mutex);
  impl_->commit_fault = std::move(fault);
}

store::Outbox& GatewayStore::outbox() {
  return impl_->failover;
}

bool GatewayStore::commit(CommitBatch& batch) {
  std::lock_guard writing(impl_->writer_mutex);
  try {
    const bool durable = !batch.events.empty() || !batch.alarm_changes.changed.empty() ||
                         !batch.alarm_changes.ended_sources.empty();
    store::Database::Transaction tx(impl_->writer, durable);
    if (impl_->commit_fault) impl_->commit_fault();
    if (!batch.events.empty()) impl_->ledger.append(batch.events);
    impl_->hazards.on_alarm_events(batch.events);  // 隐患台账: same transaction as the ledger
    if (!batch.alarm_changes.changed.empty() || !batch.alarm_changes.ended_sources.empty()) {
      std::vector<std::pair<std::string, std::string>> saved;
      for (const auto& r : batch.alarm_changes.changed)
        saved.emplace_back(r.source, alarms::to_json_text(r));
      impl_->state.save(saved, batch.alarm_changes.ended_sources);
    }
    if (!batch.messages.empty()) impl_->writer_outbox.add(batch.messages);
    impl_->history.append(batch.history);
    impl_->history.append(batch.statistics);
    impl_->save_last_seq(batch.last_seq);
    tx.commit();
    impl_->rows_since_maintain += batch.history.size() + batch.statistics.size();
    std::optional<store::LedgerHead> head;
    if (!batch.events.empty()) head = impl_->ledger.head();
    std::optional<store::StatisticsSealHead> seal;
    if (!batch.statistics.empty()) seal = impl_->history.seals().head();
    std::lock_guard lock(impl_->health_mutex);
    if (head) impl_->health.ledger_head = std::move(*head);
    if (seal) impl_->health.statistics_head = std::move(*seal);
    if (!impl_->health.ok) spdlog::info("[store] writes succeed again");
    impl_->health.ok = true;
    impl_->health.problem.clear();
    return true;
  } catch (const std::exception& e) {
    // The disk failed (full, I/O error), or anything else in the write did (a bug, no memory for
    // the transaction): alarms still go out, live, from memory; the fault shows on the console and
    // in the status message. Nothing the alarm book made is dropped with the turn.
    {
      std::lock_guard lock(impl_->health_mutex);
      if (impl_->health.ok)
        spdlog::error("[store] cannot write: {} — sending live from memory", e.what());
      impl_->health.ok = false;
      impl_->health.problem = e.what();
      ++impl_->health.failed_commits;
      impl_->health.events_not_ledgered += batch.events.size();
    }
    try {
      impl_->memory.add(batch.messages);
    } catch (const std::exception& m) {
      spdlog::error("[store] memory fallback refused {} messages: {}", batch.messages.size(),
                    m.what());
    }
    return false;
  }
}

std::vector<std::int64_t> GatewayStore::point_keys(const std::vector<std::string>& ids) {
  std::lock_guard writing(impl_->writer_mutex);
  return impl_->keys.get_or_create(ids);
}

void GatewayStore::set_retention(std::vector<std::pair<std::int64_t, Millis>> per_point,
                                 Millis default_keep) {
  std::lock_guard writing(impl_->writer_mutex);
  impl_->retention.set(std::move(per_point), default_keep, impl_->settings.statistics_retention);
}

void GatewayStore::maintain(WallTime now) {
  std::lock_guard writing(impl_->writer_mutex);
  const std::size_t rows = kMaintainRows + 2 * std::exchange(impl_->rows_since_maintain, 0);
  try {
    // Space first: near the limit, the oldest history goes before anything is merely expired.
    impl_->budget.step(now, rows);
    impl_->retention.step(now, rows);
  } catch (const store::StoreError& e) {
    spdlog::warn("[store] history upkeep failed (tried again next turn): {}", e.what());
  }
  const store::BudgetStatus& b = impl_->budget.status();
  std::lock_guard lock(impl_->health_mutex);
  impl_->health.size_bytes = b.size_bytes;
  impl_->health.budget_bytes = b.limit_bytes;
  impl_->health.over_budget = b.over_budget;
}

std::vector<alarms::AlarmRecord> GatewayStore::load_alarm_state() {
  std::lock_guard writing(impl_->writer_mutex);
  std::vector<alarms::AlarmRecord> out;
  for (const auto& [source, json] : impl_->state.load()) {
    try {
      out.push_back(alarms::record_from_json_text(json));
    } catch (const std::exception& e) {
      spdlog::error("[store] alarm state of {} unreadable, dropped: {}", source, e.what());
    }
  }
  return out;
}

std::int64_t GatewayStore::last_seq() {
  std::lock_guard writing(impl_->writer_mutex);
  // A run that was killed may have handed out numbers up to its reservation without writing
  // them: the next run starts after both.
  return std::max(impl_->meta.get_int("last_seq").value_or(0),
                  impl_->meta.get_int("seq_reserved").value_or(0));
}

void GatewayStore::reserve_seq(std::int64_t up_to) {
  std::lock_guard writing(impl_->writer_mutex);
  store::Database::Transaction tx(impl_->writer, true);
  impl_->meta.set_int("seq_reserved", up_to);
  tx.commit();
}

std::int64_t GatewayStore::next_session() {
  return impl_->meta.add_int("session", 1);
}

store::OutboxStats GatewayStore::outbox_stats() const {
  std::lock_guard lock(impl_->status_mutex);
  return impl_->status_view.stats();
}

std::vector<store::DeadLetter> GatewayStore::dead_letters(std::size_t max) const {
  std::lock_guard lock(impl_->status_mutex);
  return impl_->status_view.dead_letters(max);
}

std::size_t GatewayStore::requeue_dead_letters() {
  std::lock_guard writing(impl_->writer_mutex);
  return impl_->writer_view.requeue_dead_letters();
}

store::HazardRecord GatewayStore::hazard_step(const HazardStepFn& step) {
  std::lock_guard writing(impl_->writer_mutex);
  // The step, its message and `last_seq` in one durable transaction.
  store::Database::Transaction tx(impl_->writer, true);
  store::HazardRecord after = step(impl_->hazards);
  impl_->save_last_seq(0);
  tx.commit();
  return after;
}

void GatewayStore::add_messages(std::vector<store::OutboundMessage>& messages) {
  if (messages.empty()) return;
  std::lock_guard writing(impl_->writer_mutex);
  store::Database::Transaction tx(impl_->writer, false);  // telemetry: may be shed anyway
  impl_->writer_outbox.add(messages);
  std::int64_t last = 0;
  for (const auto& m : messages) last = std::max(last, m.seq);
  impl_->save_last_seq(last);
  tx.commit();
}

bool GatewayStore::send_once(const std::string& key, const std::string& value,
                             const MessageFn& make) {
  std::lock_guard writing(impl_->writer_mutex);
  store::Database::Transaction tx(impl_->writer, true);
  if (impl_->meta.get_text(key) == value) return false;
  std::vector<store::OutboundMessage> one{make()};
  impl_->writer_outbox.add(one);
  impl_->meta.set_text(key, value);
  impl_->save_last_seq(one.front().seq);
  tx.commit();
  return true;
}

void GatewayStore::set_hazard_messages(HazardMessageFn make) {
  std::lock_guard writing(impl_->writer_mutex);
  impl_->hazard_messages = std::move(make);
}

void GatewayStore::read_hazards(const HazardReadFn& read) {
  std::lock_guard reading(impl_->reader_mutex);
  read(impl_->reader_hazards);
}

store::StatisticsVerdict GatewayStore::verify_statistics() {
  // ~0.2–1 s of reading on a gateway: the console's queries wait that long at most.
  constexpr std::size_t kSliceRows = 200'000;
  std::lock_guard lock(impl_->reader_mutex);
  return impl_->reader_history.seals().verify(kSliceRows);
}

store::LedgerVerdict GatewayStore::verify_ledger() {
  std::lock_guard lock(impl_->reader_mutex);
  return impl_->reader_ledger.verify();
}

std::vector<nlohmann::json> GatewayStore::recent_ledger(std::size_t max) {
  std::lock_guard lock(impl_->reader_mutex);
  std::vector<nlohmann::json> out;
  for (const auto& entry : impl_->reader_ledger.recent(max)) {
    auto j = nlohmann::json::parse(entry.event_json, nullptr, false);
    if (j.is_discarded()) continue;
    j["ledger_seq"] = entry.seq;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<store::ClosedAlarm> GatewayStore::closed_alarms(WallTime since, std::size_t max) {
  std::lock_guard lock(impl_->reader_mutex);
  std::vector<store::ClosedAlarm> out;
  for (const auto& records : impl_->reader_ledger.closed_since(since, max)) {
    try {
      std::vector<AlarmEvent> events;
      for (const auto& r : records)
        events.push_back(store::alarm_event_from_json(nlohmann::json::parse(r.event_json)));
      out.push_back(store::summarise_closed_alarm(events));
    } catch (const std::exception& e) {
      spdlog::warn("closed alarm {} not listed: its ledger records do not read back ({})",
                   records.empty() ? std::string("?") : records.front().alarm_id, e.what());
    }
  }
  return out;
}

std::vector<store::HistoryRecord> GatewayStore::history(const std::string& point, WallTime since,
                                                        WallTime until, std::size_t max) {
  std::lock_guard lock(impl_->reader_mutex);
  if (point.empty()) return impl_->reader_history.query_all(since, until, max);
  return impl_->reader_history.query(point, since, until, max);
}

StorageHealth GatewayStore::health() const {
  std::lock_guard lock(impl_->health_mutex);
  return impl_->health;
}

}  // namespace sw
