// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/alarm_event_json.hpp"
#include "store/alarm_ledger.hpp"
#include "store/meta_table.hpp"
#include "store_test_data.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;
namespace data = sw::store::test;

namespace {

std::vector<AlarmEvent> events(int from, int count) {
  std::vector<AlarmEvent> out;
  for (int i = from; i < from + count; ++i) out.push_back(data::methane_event(i));
  return out;
}

// What someone covering up an exceedance would do: drop the guards first.
void drop_guards(Database& db) {
  db.exec("DROP TRIGGER alarm_ledger_no_update; DROP TRIGGER alarm_ledger_no_delete;");
}

struct LedgerFixture {
  sw::test::TempDir dir;
  Database db{dir.file("s.db")};
  AlarmLedger ledger{db};
  LedgerFixture() {
    ledger.append(events(0, 5));
    ledger.append(events(5, 5));
  }
};

}  // namespace

TEST_CASE("chain_hash is SHA-256 over the previous hash, the seq and the record") {
  // echo -n '<64 zeros>\n1\n{}' | sha256sum
  CHECK(chain_hash(genesis_hash(), 1, "{}") ==
        "857ee6299d26533d1f5f46c02209ae8bc34dc4898a8a9545493946b4ea59d6f3");
  CHECK(chain_hash("a", 1, "x") != chain_hash("a", 2, "x"));
  CHECK(chain_hash("a", 1, "x") != chain_hash("b", 1, "x"));
  CHECK(chain_hash("a", 1, "x") != chain_hash("a", 1, "y"));
}

TEST_CASE_METHOD(LedgerFixture, "an untouched ledger verifies intact, record by record") {
  const LedgerVerdict v = ledger.verify();
  CHECK(v.intact);
  CHECK(v.records == 10);
  CHECK_FALSE(v.first_bad_seq.has_value());
  CHECK(v.problem.empty());
  CHECK(v.guards_in_place);
}

TEST_CASE("an empty ledger verifies intact") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  AlarmLedger ledger(db);
  const LedgerVerdict v = ledger.verify();
  CHECK(v.intact);
  CHECK(v.records == 0);
  CHECK(ledger.head().seq == 0);
}

TEST_CASE_METHOD(LedgerFixture,
                 "ledger records chain from the genesis hash, each on the one before") {
  const auto all = ledger.recent(100);
  REQUIRE(all.size() == 10);
  CHECK(all[0].seq == 1);
  CHECK(all[0].prev_hash == genesis_hash());
  for (std::size_t i = 1; i < all.size(); ++i) {
    CHECK(all[i].seq == all[i - 1].seq + 1);
    CHECK(all[i].prev_hash == all[i - 1].hash);
  }
  CHECK(all[3].event_json == canonical_json(data::methane_event(3)));
  CHECK(all[3].alarm_id == data::methane_event(3).alarm_id);
  CHECK(all[3].kind == "raised");
  CHECK(ledger.head().seq == 10);
  CHECK(ledger.head().hash == all[9].hash);
}

TEST_CASE_METHOD(LedgerFixture,
                 "recent gives the newest records oldest first, range pages from a seq") {
  const auto last3 = ledger.recent(3);
  REQUIRE(last3.size() == 3);
  CHECK(last3.front().seq == 8);
  CHECK(last3.back().seq == 10);
  const auto page = ledger.range(4, 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].seq == 4);
  CHECK(page[1].seq == 5);
}

TEST_CASE_METHOD(LedgerFixture, "the ledger table refuses UPDATE and DELETE") {
  CHECK_THROWS_WITH(db.exec("UPDATE alarm_ledger SET event_json = '{}' WHERE seq = 3"),
                    Catch::Contains("append-only"));
  CHECK_THROWS_WITH(db.exec("DELETE FROM alarm_ledger WHERE seq = 3"),
                    Catch::Contains("append-only"));
  CHECK(ledger.verify().intact);
}

TEST_CASE_METHOD(LedgerFixture,
                 "an edited record is found at its seq, even with the guards dropped") {
  drop_guards(db);
  db.exec(
      "UPDATE alarm_ledger SET event_json = replace(event_json, '\"value\":1.04', "
      "'\"value\":0.4') WHERE seq = 5");
  const LedgerVerdict v = ledger.verify();
  CHECK_FALSE(v.intact);
  CHECK(v.first_bad_seq == 5);
  CHECK_THAT(v.problem, Catch::Contains("record 5") && Catch::Contains("edited"));
  CHECK_FALSE(v.guards_in_place);
  CHECK(v.records == 10);
}

TEST_CASE_METHOD(LedgerFixture,
                 "an edited query column is found though the hashed record is intact") {
  drop_guards(db);
  db.exec("UPDATE alarm_ledger SET time_ms = time_ms + 3600000 WHERE seq = 7");
  const LedgerVerdict v = ledger.verify();
  CHECK(v.first_bad_seq == 7);
  CHECK_THAT(v.problem, Catch::Contains("columns disagree"));
}

TEST_CASE_METHOD(LedgerFixture, "a record edited with its hash recomputed breaks the next link") {
  drop_guards(db);
  auto entry = ledger.range(4, 1).front();
  AlarmEvent forged = alarm_event_from_json(nlohmann::json::parse(entry.event_json));
  forged.value = 0.2;
  const std::string json = canonical_json(forged);
  db.prepare("UPDATE alarm_ledger SET event_json = ?1, hash = ?2 WHERE seq = 4")
      .bind(1, json)
      .bind(2, chain_hash(entry.prev_hash, 4, json))
      .run();
  const LedgerVerdict v = ledger.verify();
  CHECK(v.first_bad_seq == 5);
  CHECK_THAT(v.problem, Catch::Contains("record 5") && Catch::Contains("prev_hash mismatch"));
}

TEST_CASE_METHOD(LedgerFixture, "a deleted middle record is found as a gap") {
  drop_guards(db);
  db.exec("DELETE FROM alarm_ledger WHERE seq IN (4, 5)");
  const LedgerVerdict v = ledger.verify();
  CHECK_FALSE(v.intact);
  CHECK(v.first_bad_seq == 4);
  CHECK_THAT(v.problem, Catch::Contains("records 4..5 missing (deleted)"));
  CHECK(v.records == 8);
}

TEST_CASE_METHOD(LedgerFixture, "deleted last records are found against the head kept in meta") {
  drop_guards(db);
  db.exec("DELETE FROM alarm_ledger WHERE seq >= 9");
  const LedgerVerdict v = ledger.verify();
  CHECK_FALSE(v.intact);
  CHECK(v.first_bad_seq == 9);
  CHECK_THAT(v.problem, Catch::Contains("records 9..10 missing at the end (deleted)"));
}

TEST_CASE_METHOD(LedgerFixture,
                 "records appended after a deletion at the end keep the gap visible") {
  drop_guards(db);
  db.exec("DELETE FROM alarm_ledger WHERE seq = 10");
  ledger.append(events(10, 1));
  const LedgerVerdict v = ledger.verify();
  CHECK(v.first_bad_seq == 10);
  CHECK_THAT(v.problem, Catch::Contains("record 10 missing (deleted)"));
  CHECK(ledger.head().seq == 11);
}

TEST_CASE_METHOD(LedgerFixture, "a record added behind the ledger's back is found as inserted") {
  auto last = ledger.recent(1).front();
  const std::string json = canonical_json(data::methane_event(99));
  db.prepare(
        "INSERT INTO alarm_ledger (seq, time_ms, alarm_id, event_id, kind, event_json, prev_hash, "
        "hash) VALUES (11, ?1, ?2, ?3, 'raised', ?4, ?5, ?6)")
      .bind(1, to_epoch_ms(data::methane_event(99).time))
      .bind(2, data::methane_event(99).alarm_id)
      .bind(3, data::methane_event(99).event_id)
      .bind(4, json)
      .bind(5, last.hash)
      .bind(6, chain_hash(last.hash, 11, json))
      .run();
  const LedgerVerdict v = ledger.verify();
  CHECK(v.first_bad_seq == 11);
  CHECK_THAT(v.problem, Catch::Contains("beyond the recorded head (inserted)"));
}

TEST_CASE_METHOD(LedgerFixture, "a ledger whose head was deleted from meta is not called intact") {
  db.exec("DELETE FROM meta WHERE key LIKE 'ledger.%'");
  const LedgerVerdict v = ledger.verify();
  CHECK_FALSE(v.intact);
  CHECK_THAT(v.problem, Catch::Contains("head is not recorded"));
}

TEST_CASE_METHOD(LedgerFixture,
                 "an append rolled back with the caller's transaction leaves no trace") {
  {
    Database::Transaction tx(db, true);
    ledger.append(events(10, 3));
  }
  CHECK(ledger.head().seq == 10);
  ledger.append(events(10, 1));
  CHECK(ledger.verify().intact);
  CHECK(ledger.verify().records == 11);
}
