// SPDX-License-Identifier: Apache-2.0
#include "store/alarm_ledger.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/hmac_sha256.hpp"
#include "store/alarm_event_json.hpp"
#include "store/meta_table.hpp"

namespace sw::store {

namespace {
constexpr const char* kHeadSeq = "ledger.head_seq";
constexpr const char* kHeadHash = "ledger.head_hash";
constexpr const char* kKeyedFrom = "ledger.keyed_from";
constexpr const char* kKeyedFromMac = "ledger.keyed_from_mac";

std::string keyed_from_mac(const std::string& key, std::int64_t seq) {
  return hmac_sha256_hex(key, std::string(kKeyedFrom) + "\n" + std::to_string(seq));
}
constexpr const char* kColumns =
    "seq, time_ms, alarm_id, event_id, kind, event_json, prev_hash, hash FROM alarm_ledger";

LedgerEntry read_entry(Statement& s) {
  LedgerEntry e;
  e.seq = s.column_int64(0);
  e.time = from_epoch_ms(s.column_int64(1));
  e.alarm_id = s.column_text(2);
  e.event_id = s.column_text(3);
  e.kind = s.column_text(4);
  e.event_json = s.column_text(5);
  e.prev_hash = s.column_text(6);
  e.hash = s.column_text(7);
  return e;
}

std::string seq_range(std::int64_t first, std::int64_t last) {
  return first == last ? "record " + std::to_string(first)
                       : "records " + std::to_string(first) + ".." + std::to_string(last);
}

// Whether the query columns say what the hashed JSON says: the hash covers only the JSON.
bool columns_agree(const LedgerEntry& e) {
  try {
    const auto j = nlohmann::json::parse(e.event_json);
    return j.value("alarm_id", "") == e.alarm_id && j.value("event_id", "") == e.event_id &&
           j.value("kind", "") == e.kind &&
           j.value("time_ms", std::int64_t{-1}) == to_epoch_ms(e.time);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// Checks one record against the chain so far; returns the problem, empty when it holds.
// `link` is the record's expected hash from its prev_hash, seq and JSON.
template <class Link>
std::string check_record(const LedgerEntry& e, std::int64_t expected_seq,
                         const std::string& expected_prev, std::int64_t& first_bad,
                         const Link& link) {
  if (e.seq != expected_seq) {
    first_bad = expected_seq;
    return seq_range(expected_seq, e.seq - 1) + " missing (deleted)";
  }
  first_bad = e.seq;
  const std::string at = "record " + std::to_string(e.seq) + ": ";
  if (e.prev_hash != expected_prev)
    return at + "does not follow the record before it (prev_hash mismatch: a record was " +
           "replaced, inserted or deleted before it)";
  if (e.hash != link(e)) return at + "hash mismatch (edited)";
  if (!columns_agree(e)) return at + "columns disagree with the hashed record (edited)";
  return {};
}
}  // namespace

std::string AlarmLedger::link(const std::string& prev_hash, std::int64_t seq,
                              const std::string& json, bool keyed) const {
  if (!keyed) return chain_hash(prev_hash, seq, json);
  return hmac_sha256_hex(key_, prev_hash + "\n" + std::to_string(seq) + "\n" + json);
}

std::optional<std::int64_t> AlarmLedger::keyed_from() {
  MetaTable meta(db_);
  return meta.get_int(kKeyedFrom);
}

LedgerHead AlarmLedger::head() {
  MetaTable meta(db_);
  LedgerHead recorded{meta.get_int(kHeadSeq).value_or(0),
                      meta.get_text(kHeadHash).value_or(genesis_hash())};
  auto last = db_.cached("SELECT seq, hash FROM alarm_ledger ORDER BY seq DESC LIMIT 1");
  if (!last->step()) return recorded;
  LedgerHead table{last->column_int64(0), last->column_text(1)};
  if (table.seq == recorded.seq && table.hash == recorded.hash) return table;
  // They disagree only when someone touched the file. Chaining on from the later head keeps the
  // damage visible to verify(): deleted last records stay a gap instead of being overwritten.
  spdlog::error("[store] alarm ledger head disagrees: table at {} ({}), recorded {} ({})",
                table.seq, table.hash, recorded.seq, recorded.hash);
  return table.seq > recorded.seq ? table : recorded;
}

void AlarmLedger::append(const std::vector<AlarmEvent>& events) {
  if (events.empty()) return;
  Database::Transaction tx(db_, true);
  LedgerHead at = head();
  auto insert = db_.cached(
      "INSERT INTO alarm_ledger (seq, time_ms, alarm_id, event_id, kind, event_json, prev_hash, "
      "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  MetaTable meta(db_);
  std::optional<std::int64_t> keyed = keyed_from();
  if (!key_.empty() && !keyed) {
    // From this record on the chain is keyed; the boundary carries its own HMAC.
    keyed = at.seq + 1;
    meta.set_int(kKeyedFrom, *keyed);
    meta.set_text(kKeyedFromMac, keyed_from_mac(key_, *keyed));
  }
  for (const AlarmEvent& e : events) {
    const std::int64_t seq = at.seq + 1;
    const std::string json = canonical_json(e);
    std::string hash = link(at.hash, seq, json, !key_.empty() && keyed && seq >= *keyed);
    insert->bind(1, seq)
        .bind(2, to_epoch_ms(e.time))
        .bind(3, e.alarm_id)
        .bind(4, e.event_id)
        .bind(5, to_string(e.kind))
        .bind(6, json)
        .bind(7, at.hash)
        .bind(8, hash)
        .run();
    at = LedgerHead{seq, std::move(hash)};
  }
  meta.set_int(kHeadSeq, at.seq);
  meta.set_text(kHeadHash, at.hash);
  tx.commit();
}

LedgerVerdict AlarmLedger::verify() {
  LedgerVerdict verdict;
  auto fail = [&](std::int64_t seq, std::string problem) {
    if (!verdict.intact) return;  // the first problem is the one reported
    verdict.intact = false;
    verdict.first_bad_seq = seq;
    verdict.problem = std::move(problem);
  };

  {
    auto guards = db_.cached(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
        "('alarm_ledger_no_update', 'alarm_ledger_no_delete')");
    verdict.guards_in_place = guards->step() && guards->column_int64(0) == 2;
  }

  const std::optional<std::int64_t> keyed = keyed_from();
  verdict.keyed_from = keyed;
  if (keyed) {
    MetaTable meta(db_);
    if (key_.empty())
      fail(*keyed, "records from " + std::to_string(*keyed) +
                       " are keyed, and no [store] ledger_key_file is configured to check them");
    else if (!equal_in_constant_time(meta.get_text(kKeyedFromMac).value_or(""),
                                     keyed_from_mac(key_, *keyed)))
      fail(*keyed, "the record where keying began (" + std::to_string(*keyed) +
                       ") was altered in meta, or the key is not the one the ledger was kept with");
  }
  const auto expected_link = [&](const LedgerEntry& e) {
    return link(e.prev_hash, e.seq, e.event_json, keyed && e.seq >= *keyed);
  };

  std::int64_t expected_seq = 1;
  std::string expected_prev = genesis_hash();
  std::string last_hash = genesis_hash();
  {
    // A one-off statement: a walk over the whole table is rare and need not stay prepared.
    Statement walk = db_.prepare(std::string("SELECT ") + kColumns + " ORDER BY seq");
    while (walk.step()) {
      const LedgerEntry e = read_entry(walk);
      ++verdict.records;
      if (!keyed || e.seq < *keyed) ++verdict.unkeyed_records;
      if (verdict.intact) {
        std::int64_t bad = 0;
        if (std::string problem = check_record(e, expected_seq, expected_prev, bad, expected_link);
            !problem.empty())
          fail(bad, std::move(problem));
      }
      expected_seq = e.seq + 1;
      expected_prev = e.hash;
      last_hash = e.hash;
    }
  }

  MetaTable meta(db_);
  const auto head_seq = meta.get_int(kHeadSeq);
  const auto head_hash = meta.get_text(kHeadHash);
  const std::int64_t last_seq = expected_seq - 1;
  if (!head_seq || !head_hash) {
    if (verdict.records > 0)
      fail(last_seq,
           "the ledger's head is not recorded (deleted from meta): the end of the chain "
           "cannot be checked");
  } else if (*head_seq > last_seq) {
    fail(last_seq + 1, seq_range(last_seq + 1, *head_seq) + " missing at the end (deleted)");
  } else if (*head_seq < last_seq) {
    fail(*head_seq + 1,
         seq_range(*head_seq + 1, last_seq) + " beyond the recorded head (inserted)");
  } else if (*head_hash != last_hash) {
    fail(last_seq,
         "record " + std::to_string(last_seq) + ": differs from the recorded head (replaced)");
  }
  return verdict;
}

std::vector<LedgerEntry> AlarmLedger::recent(std::size_t max) {
  std::vector<LedgerEntry> out;
  auto newest = db_.cached(std::string("SELECT ") + kColumns + " ORDER BY seq DESC LIMIT ?1");
  newest->bind(1, max);
  while (newest->step()) out.push_back(read_entry(*newest));
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<LedgerEntry> AlarmLedger::range(std::int64_t first_seq, std::size_t max) {
  std::vector<LedgerEntry> out;
  auto from =
      db_.cached(std::string("SELECT ") + kColumns + " WHERE seq >= ?1 ORDER BY seq LIMIT ?2");
  from->bind(1, first_seq).bind(2, max);
  while (from->step()) out.push_back(read_entry(*from));
  return out;
}

std::vector<std::vector<LedgerEntry>> AlarmLedger::closed_since(WallTime since, std::size_t max) {
  // The time index narrows the scan; the state is read from the hashed record itself.
  auto closed = db_.cached(
      "SELECT alarm_id, MAX(seq) AS last FROM alarm_ledger WHERE time_ms >= ?1 AND "
      "json_extract(event_json, '$.state') = 'normal' GROUP BY alarm_id ORDER BY last DESC "
      "LIMIT ?2");
  closed->bind(1, to_epoch_ms(since)).bind(2, max);
  std::vector<std::string> ids;
  while (closed->step()) ids.push_back(closed->column_text(0));
  auto of_alarm =
      db_.cached(std::string("SELECT ") + kColumns + " WHERE alarm_id = ?1 ORDER BY seq");
  std::vector<std::vector<LedgerEntry>> out;
  for (const auto& id : ids) {
    of_alarm->reset();
    of_alarm->bind(1, id);
    auto& records = out.emplace_back();
    while (of_alarm->step()) records.push_back(read_entry(*of_alarm));
  }
  return out;
}

}  // namespace sw::store
