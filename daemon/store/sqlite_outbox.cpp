// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "store/meta_table.hpp"

namespace sw::store {

namespace {
constexpr const char* kDropped = "outbox.dropped_telemetry";

// Alarms and events (acknowledgements, shelving: operator actions on alarms) must survive a power
// cut; status is re-sent at every connect and telemetry may be shed anyway.
bool must_be_durable(Lane lane) {
  return lane == Lane::alarm || lane == Lane::event;
}

std::int64_t total_depth(Database& db) {
  auto sum = db.cached("SELECT sum(depth) FROM outbox_depth");
  return sum->step() ? sum->column_int64(0) : 0;
}

std::int64_t total_bytes(Database& db) {
  auto sum = db.cached("SELECT sum(bytes) FROM outbox_depth");
  return sum->step() ? sum->column_int64(0) : 0;
}

// Deletes up to `count` of the oldest telemetry; returns how many went.
std::int64_t shed_telemetry(Database& db, std::int64_t count) {
  db.cached(
        "DELETE FROM outbox WHERE row IN (SELECT row FROM outbox WHERE lane = ?1 ORDER BY row "
        "LIMIT ?2)")
      ->bind(1, static_cast<int>(Lane::telemetry))
      .bind(2, count)
      .run();
  return db.changes();
}
}  // namespace

SqliteOutbox::SqliteOutbox(Database& db, std::size_t max_messages, std::int64_t max_bytes)
    : db_(db), max_messages_(max_messages), max_bytes_(max_bytes) {}

void SqliteOutbox::add(std::vector<OutboundMessage>& messages) {
  if (messages.empty()) return;
  const bool durable = std::any_of(messages.begin(), messages.end(), [](const OutboundMessage& m) {
    return must_be_durable(m.lane);
  });
  Database::Transaction tx(db_, durable);
  {
    auto insert = db_.cached(
        "INSERT INTO outbox (id, seq, lane, topic, payload, point, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING row");
    for (auto& m : messages) {
      insert->bind(1, m.id)
          .bind(2, m.seq)
          .bind(3, static_cast<int>(m.lane))
          .bind(4, m.topic)
          .bind(5, m.payload)
          .bind(6, m.point)
          .bind(7, to_epoch_ms(m.created));
      if (!insert->step())
        throw StoreError("store " + db_.path() + ": outbox insert returned no row");
      m.row = insert->column_int64(0);
      insert->reset();
    }
  }
  // Insert first, then shed: a telemetry message added to an outbox full of alarms is itself the
  // oldest telemetry and goes, as in the memory outbox.
  std::int64_t dropped = 0;
  const std::int64_t excess = total_depth(db_) - static_cast<std::int64_t>(max_messages_);
  if (excess > 0) dropped += shed_telemetry(db_, excess);
  // Then by bytes: as many of the oldest telemetry as cover the excess, and no more. Only alarms,
  // events and status left over the bound: they stay.
  if (const std::int64_t over = total_bytes(db_) - max_bytes_; over > 0) {
    auto covering = db_.cached(
        "SELECT count(*) FROM (SELECT sum(length(CAST(payload AS BLOB))) OVER (ORDER BY row) AS "
        "cum FROM (SELECT row, payload FROM outbox WHERE lane = ?1 ORDER BY row LIMIT 100000)) "
        "WHERE cum < ?2");
    covering->bind(1, static_cast<int>(Lane::telemetry)).bind(2, over);
    const std::int64_t below = covering->step() ? covering->column_int64(0) : 0;
    covering->reset();
    dropped += shed_telemetry(db_, below + 1);
  }
  if (dropped > 0) {
    MetaTable(db_).add_int(kDropped, dropped);
    spdlog::warn("[store] outbox full ({} messages or {} bytes): dropped the {} oldest telemetry",
                 max_messages_, max_bytes_, dropped);
  }
  tx.commit();
}

std::vector<OutboundMessage> SqliteOutbox::next(Lane lane, std::int64_t after_row,
                                                std::size_t max) {
  std::vector<OutboundMessage> out;
  auto q = db_.cached(
      "SELECT row, id, seq, topic, payload, point, created_ms FROM outbox "
      "WHERE lane = ?1 AND row > ?2 ORDER BY row LIMIT ?3");
  q->bind(1, static_cast<int>(lane)).bind(2, after_row).bind(3, max);
  while (q->step()) {
    OutboundMessage m;
    m.row = q->column_int64(0);
    m.id = q->column_text(1);
    m.seq = q->column_int64(2);
    m.lane = lane;
    m.topic = q->column_text(3);
    m.payload = q->column_text(4);
    m.point = q->column_text(5);
    m.created = from_epoch_ms(q->column_int64(6));
    out.push_back(std::move(m));
  }
  return out;
}

void SqliteOutbox::remove(const std::vector<std::int64_t>& rows) {
  if (rows.empty()) return;
  // Not durable: a removal lost to a power cut only means the message goes again, and the
  // platform recognises it by its id.
  Database::Transaction tx(db_, false);
  auto del = db_.cached("DELETE FROM outbox WHERE row = ?1");
  for (const std::int64_t row : rows) del->bind(1, row).run();
  tx.commit();
}

OutboxStats SqliteOutbox::stats() const {
  OutboxStats s;
  {
    auto depth = db_.cached("SELECT lane, depth, bytes FROM outbox_depth");
    while (depth->step()) {
      const auto lane = depth->column_int64(0);
      if (lane < 0 || lane >= kLaneCount) continue;
      s.bytes += depth->column_int64(2);
      s.by_lane[static_cast<std::size_t>(lane)] = static_cast<std::size_t>(depth->column_int64(1));
      s.depth += s.by_lane[static_cast<std::size_t>(lane)];
    }
  }
  {
    // The first message of each lane, through the (lane, row) index: four short lookups.
    auto oldest = db_.cached(
        "SELECT min(created_ms) FROM (SELECT (SELECT created_ms FROM outbox WHERE lane = l.lane "
        "ORDER BY row LIMIT 1) AS created_ms FROM outbox_depth AS l)");
    if (oldest->step() && !oldest->column_is_null(0))
      s.oldest = from_epoch_ms(oldest->column_int64(0));
  }
  s.dropped_telemetry = static_cast<std::uint64_t>(MetaTable(db_).get_int(kDropped).value_or(0));
  auto dead = db_.cached("SELECT count(*) FROM dead_letters");
  if (dead->step()) s.dead_letters = static_cast<std::size_t>(dead->column_int64(0));
  return s;
}

void SqliteOutbox::set_aside(std::int64_t row, const std::string& reason) {
  Database::Transaction tx(db_, true);
  db_.cached(
         "INSERT INTO dead_letters (id, seq, lane, topic, payload, point, created_ms, "
         "set_aside_ms, reason) SELECT id, seq, lane, topic, payload, point, created_ms, ?2, ?3 "
         "FROM outbox WHERE row = ?1")
      ->bind(1, row)
      .bind(2, to_epoch_ms(WallClock::now()))
      .bind(3, reason)
      .run();
  if (db_.changes() == 0) return;  // delivered or set aside already: nothing to do
  db_.cached("DELETE FROM outbox WHERE row = ?1")->bind(1, row).run();
  // A refused telemetry topic must not fill the disk: beyond the bound, telemetry dead letters go
  // oldest first, counted as shed.
  auto shed = db_.cached(
      "DELETE FROM dead_letters WHERE row IN (SELECT row FROM dead_letters WHERE lane = ?1 "
      "ORDER BY row DESC LIMIT -1 OFFSET ?2)");
  shed->bind(1, static_cast<int>(Lane::telemetry)).bind(2, kMaxTelemetryDeadLetters).run();
  if (const std::int64_t dropped = db_.changes(); dropped > 0)
    MetaTable(db_).add_int(kDropped, dropped);
  tx.commit();
}

std::vector<DeadLetter> SqliteOutbox::dead_letters(std::size_t max) const {
  std::vector<DeadLetter> out;
  auto q = db_.cached(
      "SELECT row, id, seq, lane, topic, payload, point, created_ms, set_aside_ms, reason "
      "FROM dead_letters ORDER BY row LIMIT ?1");
  q->bind(1, max);
  while (q->step()) {
    DeadLetter d;
    d.message.row = q->column_int64(0);
    d.message.id = q->column_text(1);
    d.message.seq = q->column_int64(2);
    d.message.lane = static_cast<Lane>(q->column_int64(3));
    d.message.topic = q->column_text(4);
    d.message.payload = q->column_text(5);
    d.message.point = q->column_text(6);
    d.message.created = from_epoch_ms(q->column_int64(7));
    d.set_aside = from_epoch_ms(q->column_int64(8));
    d.reason = q->column_text(9);
    out.push_back(std::move(d));
  }
  return out;
}

std::size_t SqliteOutbox::requeue_dead_letters() {
  Database::Transaction tx(db_, true);
  db_.cached(
         "INSERT INTO outbox (id, seq, lane, topic, payload, point, created_ms) "
         "SELECT id, seq, lane, topic, payload, point, created_ms FROM dead_letters ORDER BY row")
      ->run();
  const auto n = static_cast<std::size_t>(db_.changes());
  db_.cached("DELETE FROM dead_letters")->run();
  tx.commit();
  return n;
}

}  // namespace sw::store
