// SPDX-License-Identifier: Apache-2.0
#pragma once
// The alarm ledger: append-only, each record chained to the previous by SHA-256, so an edited,
// deleted or inserted exceedance record is detectable (煤矿重大事故隐患判定标准 第十八条(六):
// monitoring data records modified, deleted or masked). Triggers refuse UPDATE and DELETE on the
// table; verify() does not rely on them, it recomputes the chain.
//
// What verify() detects: a record edited in place (its hash no longer matches, or its query columns
// disagree with the hashed JSON); records deleted in the middle (a gap in seq) or at the end (the
// head seq/hash kept in meta is ahead of the table); records inserted or renumbered (hashes cover
// seq and the previous hash). What it cannot detect on its own: someone with write access who
// rewrites the chain from the edit onwards and updates the head in meta as well — only a copy of
// the hashes held elsewhere (the platform) can catch that — unless the chain is keyed:
//
// Keyed ([store] ledger_key_file): records from the first one appended with a key on are chained
// with HMAC-SHA256 under that key, which lives outside the store, so rewriting them needs the key
// too. Older records keep their plain SHA-256 chain and are still verified as such; meta records
// the seq where keying began, with its own HMAC, so moving that boundary is detected as well.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "store/database.hpp"

namespace sw::store {

struct LedgerEntry {
  std::int64_t seq = 0;
  WallTime time;  // the event's observation time
  std::string alarm_id;
  std::string event_id;
  std::string kind;
  std::string event_json;  // canonical JSON of the AlarmEvent (alarm_event_json.hpp)
  std::string prev_hash;   // hex
  std::string hash;        // hex
};

struct LedgerVerdict {
  bool intact = true;
  std::int64_t records = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // "record 17: hash mismatch (edited)", "records 5..6 missing (deleted)"
  bool guards_in_place = true;  // the append-only triggers exist (false: someone dropped them)
  std::optional<std::int64_t> keyed_from;  // the first record chained with the key
  std::int64_t unkeyed_records = 0;        // plain SHA-256 (before the key, or no key)
};

struct LedgerHead {
  std::int64_t seq = 0;  // 0: empty
  std::string hash;      // the genesis hash when empty
};

class AlarmLedger {
 public:
  // `key`: the chain's HMAC key (empty: plain SHA-256 for new records).
  explicit AlarmLedger(Database& db, std::string key = {}) : db_(db), key_(std::move(key)) {}
  // Appends in order, within the caller's transaction (made durable) or a durable one of its own.
  void append(const std::vector<AlarmEvent>& events);
  // Walks the whole chain; reports the first bad record.
  LedgerVerdict verify();
  // The newest `max` records, oldest first.
  std::vector<LedgerEntry> recent(std::size_t max);
  // Up to `max` records from `first_seq` on, in order.
  std::vector<LedgerEntry> range(std::int64_t first_seq, std::size_t max);
  // The last record appended, as recorded beside the table.
  LedgerHead head();
  // Alarms back to normal at or after `since` (their record in state `normal`), the most recently
  // closed first, at most `max`: each one's records in order.
  std::vector<std::vector<LedgerEntry>> closed_since(WallTime since, std::size_t max);

 private:
  // Where keying began, when it did.
  std::optional<std::int64_t> keyed_from();
  std::string link(const std::string& prev_hash, std::int64_t seq, const std::string& json,
                   bool keyed) const;

  Database& db_;
  std::string key_;
};

// The prev_hash of record 1: 64 zeros.
const std::string& genesis_hash();
// hex(SHA-256(prev_hash || '\n' || seq || '\n' || event_json))
std::string chain_hash(const std::string& prev_hash, std::int64_t seq,
                       const std::string& event_json);

}  // namespace sw::store
