// SPDX-License-Identifier: Apache-2.0
// Issue 19, item 11: with the file alone, someone can rewrite a record, recompute the whole chain
// and the head, and an unkeyed ledger verifies intact. Keyed with a key kept outside the store,
// the same rewrite is found; records from before the key keep verifying as plain SHA-256.
#include <catch2/catch.hpp>

#include "store/alarm_event_json.hpp"
#include "store/alarm_ledger.hpp"
#include "store/meta_table.hpp"
#include "store_test_data.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;
namespace data = sw::store::test;

namespace {

const std::string kKey(48, 'L');

std::vector<AlarmEvent> events(int from, int count) {
  std::vector<AlarmEvent> out;
  for (int i = from; i < from + count; ++i) out.push_back(data::methane_event(i));
  return out;
}

// The attack: lower the value of record `seq`, then recompute every hash after it with plain
// SHA-256 (all the file tells you) and the head in meta, as a careful forger would.
void rewrite_from(Database& db, AlarmLedger& reader, std::int64_t seq) {
  db.exec("DROP TRIGGER alarm_ledger_no_update; DROP TRIGGER alarm_ledger_no_delete;");
  const auto all = reader.range(1, 1000);
  std::string prev = seq == 1 ? genesis_hash() : all[static_cast<std::size_t>(seq - 2)].hash;
  for (const auto& entry : all) {
    if (entry.seq < seq) continue;
    std::string json = entry.event_json;
    if (entry.seq == seq) {
      AlarmEvent forged = alarm_event_from_json(nlohmann::json::parse(json));
      forged.value = 0.2;
      json = canonical_json(forged);
    }
    const std::string hash = chain_hash(prev, entry.seq, json);
    db.prepare("UPDATE alarm_ledger SET event_json = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4")
        .bind(1, json)
        .bind(2, prev)
        .bind(3, hash)
        .bind(4, entry.seq)
        .run();
    prev = hash;
  }
  MetaTable(db).set_text("ledger.head_hash", prev);
}

}  // namespace

TEST_CASE("unkeyed, a rewritten and rechained ledger verifies intact: the weakness") {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  AlarmLedger ledger{db};
  ledger.append(events(0, 6));
  rewrite_from(db, ledger, 3);
  CHECK(ledger.verify().intact);
}

TEST_CASE("keyed, the same rewrite is found, and old unkeyed records still verify") {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  {
    AlarmLedger before_key{db};
    before_key.append(events(0, 3));  // seq 1..3 from before the site configured a key
  }
  AlarmLedger ledger{db, kKey};
  ledger.append(events(3, 4));  // seq 4..7, keyed
  const LedgerVerdict clean = ledger.verify();
  CHECK(clean.intact);
  CHECK(clean.records == 7);
  CHECK(clean.keyed_from == 4);
  CHECK(clean.unkeyed_records == 3);

  SECTION("a keyed record rewritten and rechained without the key") {
    rewrite_from(db, ledger, 5);
    const LedgerVerdict v = ledger.verify();
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad_seq == 5);
    CHECK_THAT(v.problem, Catch::Contains("hash mismatch"));
  }
  SECTION("the keying boundary moved past the records to forge") {
    MetaTable(db).set_int("ledger.keyed_from", 100);
    const LedgerVerdict v = ledger.verify();
    CHECK_FALSE(v.intact);
    CHECK_THAT(v.problem, Catch::Contains("where keying began"));
  }
  SECTION("checked with another key, or none") {
    CHECK_FALSE(AlarmLedger(db, std::string(48, 'X')).verify().intact);
    CHECK_THAT(AlarmLedger(db).verify().problem, Catch::Contains("no [store] ledger_key_file"));
  }
}
