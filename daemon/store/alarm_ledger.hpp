#pragma once
// The alarm ledger: append-only, each record chained to the previous by SHA-256, so an edited,
// deleted or inserted exceedance record is detectable (煤矿重大事故隐患判定标准 (四)③: exceedance
// records modified, deleted or masked).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/alarm_event.hpp"
#include "store/database.hpp"

namespace sw::store {

struct LedgerEntry {
  std::int64_t seq = 0;
  std::string event_json;   // canonical JSON of the AlarmEvent
  std::string prev_hash;    // hex
  std::string hash;         // hex
};

struct LedgerVerdict {
  bool intact = true;
  std::int64_t records = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;      // "record 17: hash mismatch (edited)", "records 5..6 missing"
};

class AlarmLedger {
 public:
  explicit AlarmLedger(Database& db);
  // Appends within the caller's transaction (or its own).
  void append(const std::vector<AlarmEvent>& events);
  LedgerVerdict verify();
  std::vector<LedgerEntry> recent(std::size_t max);

 private:
  Database& db_;
  std::string last_hash_;
  std::int64_t last_seq_ = 0;
};

// hex(SHA-256(prev_hash || '\n' || seq || '\n' || event_json))
std::string chain_hash(const std::string& prev_hash, std::int64_t seq, const std::string& event_json);

}  // namespace sw::store
