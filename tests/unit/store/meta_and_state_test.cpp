// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "store/alarm_state_table.hpp"
#include "store/meta_table.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;

TEST_CASE("meta values are absent until set, then read back, also after a reopen") {
  sw::test::TempDir dir;
  {
    Database db(dir.file("s.db"));
    MetaTable meta(db);
    CHECK_FALSE(meta.get_int("last_seq").has_value());
    meta.set_int("last_seq", 41);
    meta.set_int("last_seq", 42);
    meta.set_text("note", "煤矿");
    CHECK(meta.get_int("last_seq") == 42);
  }
  Database db(dir.file("s.db"));
  MetaTable meta(db);
  CHECK(meta.get_int("last_seq") == 42);
  CHECK(meta.get_text("note") == "煤矿");
  CHECK_FALSE(meta.get_text("absent").has_value());
}

TEST_CASE("a meta counter adds from zero and returns the new value") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  MetaTable meta(db);
  CHECK(meta.add_int("session", 1) == 1);
  CHECK(meta.add_int("session", 1) == 2);
  CHECK(meta.add_int("session", 10) == 12);
  CHECK(meta.get_int("session") == 12);
}

TEST_CASE("the alarm state table upserts by source and forgets ended alarms") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  AlarmStateTable table(db);
  table.save(
      {{"face3.ch4/limit", R"({"id":"A1","level":"alarm"})"}, {"face3.co/limit", R"({"id":"A2"})"}},
      {});
  table.save({{"face3.ch4/limit", R"({"id":"A1","level":"power_cut"})"}}, {"face3.co/limit"});
  const auto rows = table.load();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].first == "face3.ch4/limit");
  CHECK(rows[0].second == R"({"id":"A1","level":"power_cut"})");
}

TEST_CASE("a source saved and ended in the same call has ended") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  AlarmStateTable table(db);
  table.save({{"p/limit", "{}"}}, {"p/limit"});
  CHECK(table.load().empty());
}

TEST_CASE("alarm state outlives a reopen, ordered by source") {
  sw::test::TempDir dir;
  {
    Database db(dir.file("s.db"));
    AlarmStateTable(db).save({{"b", "{}"}, {"a", "{}"}}, {});
  }
  Database db(dir.file("s.db"));
  const auto rows = AlarmStateTable(db).load();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].first == "a");
  CHECK(rows[1].first == "b");
}

TEST_CASE("a failed batch leaves the alarm state as it was") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  AlarmStateTable table(db);
  table.save({{"a", "{}"}}, {});
  {
    Database::Transaction tx(db, true);
    table.save({{"b", "{}"}}, {"a"});
  }  // the batch failed after this point: no commit
  const auto rows = table.load();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].first == "a");
}
