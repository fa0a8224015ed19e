// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/database.hpp"
#include "store/schema.hpp"
#include "support/temp_dir.hpp"

using namespace sw;
using namespace sw::store;
namespace fs = std::filesystem;

namespace {

std::string pragma_text(Database& db, const std::string& name) {
  auto s = db.prepare("PRAGMA " + name);
  return s.step() ? s.column_text(0) : "";
}

std::int64_t count_rows(Database& db, const std::string& table) {
  auto s = db.prepare("SELECT count(*) FROM " + table);
  return s.step() ? s.column_int64(0) : -1;
}

void put(Database& db, const std::string& key, std::int64_t value) {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Overwrites one whole page of the file with junk: the kind of damage a torn write leaves.
void smash_page(const std::string& path, std::size_t page, std::size_t page_size = 4096) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(page * page_size));
  const std::string junk(page_size, '\x5a');
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
}

// A store with enough rows that its tables span many pages.
void fill(const std::string& path) {
  Database db(path);
  Database::Transaction tx(db, false);
  for (int i = 0; i < 5000; ++i)
    db.prepare(
          "INSERT INTO history_samples (bucket, point, offset_ms, value, quality) "
          "VALUES (0, ?1, ?2, ?3, 0)")
        .bind(1, i % 7)
        .bind(2, i)
        .bind(3, i * 0.5)
        .run();
  tx.commit();
}

}  // namespace

TEST_CASE("a new store is created with its directory, in WAL mode, at the latest schema") {
  sw::test::TempDir dir;
  const std::string path = dir.file("var/lib/sitewatch/sitewatch.db");
  Database db(path);
  CHECK(fs::exists(path));
  CHECK(pragma_text(db, "journal_mode") == "wal");
  CHECK(pragma_text(db, "foreign_keys") == "1");
  CHECK(pragma_text(db, "synchronous") == "1");  // NORMAL outside durable transactions
  CHECK(db.schema_version() == latest_schema_version());
  CHECK_FALSE(db.open_report().recreated);
}

TEST_CASE("reopening a store keeps its data and runs no migration twice") {
  sw::test::TempDir dir;
  {
    Database db(dir.file("s.db"));
    put(db, "k", 7);
  }
  Database db(dir.file("s.db"));
  CHECK(count_rows(db, "meta") == 1);
  CHECK(db.schema_version() == latest_schema_version());
}

TEST_CASE("a committed transaction keeps its rows, one ended without commit leaves none") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  {
    Database::Transaction tx(db, false);
    put(db, "kept", 1);
    tx.commit();
  }
  {
    Database::Transaction tx(db, false);
    put(db, "undone", 1);
  }
  CHECK(count_rows(db, "meta") == 1);
  CHECK_FALSE(db.in_transaction());
}

TEST_CASE("a durable transaction commits with synchronous=FULL and then returns to NORMAL") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  {
    Database::Transaction tx(db, true);
    CHECK(pragma_text(db, "synchronous") == "2");
    put(db, "alarm", 1);
    tx.commit();
  }
  CHECK(pragma_text(db, "synchronous") == "1");
  { Database::Transaction tx(db, true); }  // rolled back: the level comes back too
  CHECK(pragma_text(db, "synchronous") == "1");
}

TEST_CASE("a nested transaction joins the outer one and can be undone alone") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  Database::Transaction outer(db, true);
  put(db, "outer", 1);
  {
    Database::Transaction inner(db, true);
    put(db, "inner-kept", 1);
    inner.commit();
  }
  {
    Database::Transaction inner(db, false);
    put(db, "inner-undone", 1);
  }
  CHECK(db.in_transaction());
  outer.commit();
  CHECK_FALSE(db.in_transaction());
  CHECK(count_rows(db, "meta") == 2);
}

TEST_CASE("work of an inner transaction is lost when the outer one is not committed") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  {
    Database::Transaction outer(db, false);
    Database::Transaction inner(db, true);
    put(db, "x", 1);
    inner.commit();
  }
  CHECK(count_rows(db, "meta") == 0);
}

TEST_CASE("a durable transaction inside a non-durable one commits and syncs at the outer commit") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  {
    Database::Transaction outer(db, false);
    Database::Transaction inner(db, true);
    put(db, "alarm", 1);
    inner.commit();
    CHECK_NOTHROW(outer.commit());
  }
  CHECK(count_rows(db, "meta") == 1);
  CHECK(pragma_text(db, "synchronous") == "1");
}

TEST_CASE("a file that is not a database is moved aside and replaced, and the report says so") {
  sw::test::TempDir dir;
  const std::string path = dir.write("s.db", std::string(10000, 'x'));
  Database db(path);
  const OpenReport& report = db.open_report();
  REQUIRE(report.recreated);
  CHECK(report.moved_aside_to.rfind(path + ".corrupt-", 0) == 0);
  CHECK(read_file(report.moved_aside_to) == std::string(10000, 'x'));
  CHECK_THAT(report.problem, Catch::Contains("not a database"));
  CHECK(db.schema_version() == latest_schema_version());
  put(db, "after", 1);  // the new store works
  CHECK(count_rows(db, "meta") == 1);
}

TEST_CASE("a store with a damaged page fails its integrity check and is replaced") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  fill(path);
  REQUIRE_FALSE(fs::exists(path + "-wal"));  // the last close checkpointed everything
  smash_page(path, 5);
  Database db(path);
  REQUIRE(db.open_report().recreated);
  CHECK(fs::exists(db.open_report().moved_aside_to));
  CHECK(count_rows(db, "history_samples") == 0);
}

TEST_CASE("two corrupt stores in a row are moved aside under different names") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  std::string first;
  {
    dir.write("s.db", std::string(5000, 'a'));
    Database db(path);
    first = db.open_report().moved_aside_to;
  }
  dir.write("s.db", std::string(5000, 'b'));
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
  Database db(path);
  REQUIRE(db.open_report().recreated);
  CHECK(db.open_report().moved_aside_to != first);
  CHECK(read_file(first) == std::string(5000, 'a'));
  CHECK(read_file(db.open_report().moved_aside_to) == std::string(5000, 'b'));
}

TEST_CASE("a read-only open of a corrupt store fails, naming the path, and moves nothing") {
  sw::test::TempDir dir;
  const std::string path = dir.write("s.db", std::string(10000, 'x'));
  CHECK_THROWS_WITH(Database(path, true), Catch::Contains(path));
  CHECK(read_file(path) == std::string(10000, 'x'));
}

TEST_CASE("a connection told not to replace a corrupt store fails instead") {
  sw::test::TempDir dir;
  const std::string path = dir.write("s.db", std::string(10000, 'x'));
  CHECK_THROWS_AS(Database(path, DatabaseOptions{.replace_corrupt = false}), StoreError);
  CHECK(read_file(path) == std::string(10000, 'x'));
}

TEST_CASE("a read-only connection reads what the writer committed and refuses to write") {
  sw::test::TempDir dir;
  Database writer(dir.file("s.db"));
  put(writer, "k", 1);
  Database reader(dir.file("s.db"), true);
  CHECK(count_rows(reader, "meta") == 1);
  put(writer, "k2", 2);
  CHECK(count_rows(reader, "meta") == 2);
  CHECK_THROWS_AS(put(reader, "k3", 3), StoreError);
}

TEST_CASE("opening a missing store read-only fails with the path and SQLite's reason") {
  sw::test::TempDir dir;
  const std::string path = dir.file("absent.db");
  CHECK_THROWS_WITH(Database(path, true),
                    Catch::Contains(path) && Catch::Contains("unable to open database file"));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a store whose directory cannot be created is refused, naming the path") {
  sw::test::TempDir dir;
  const std::string blocker = dir.write("file", "not a directory");
  const std::string path = blocker + "/sub/s.db";
  CHECK_THROWS_WITH(Database(path), Catch::Contains(path));
}

TEST_CASE("a store from a newer build is refused, not touched") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  {
    Database db(path);
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  CHECK_THROWS_WITH(Database(path), Catch::Contains("newer than this build"));
  CHECK(fs::exists(path));
}

TEST_CASE("a failing statement throws StoreError naming the path, the statement and the reason") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  try {
    db.exec("INSERT INTO no_such_table VALUES (1)");
    FAIL("no error");
  } catch (const StoreError& e) {
    CHECK_THAT(e.what(), Catch::Contains(dir.file("s.db")) && Catch::Contains("no_such_table") &&
                             Catch::Contains("no such table"));
    CHECK(e.sqlite_code() != 0);
  }
}

TEST_CASE("a cached statement is reset after use, so it holds no read snapshot") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  put(db, "a", 1);
  put(db, "b", 2);
  {
    auto s = db.cached("SELECT key FROM meta ORDER BY key");
    REQUIRE(s->step());  // one row read, one left
  }
  CHECK_FALSE(db.in_transaction());
  // The checkpoint can complete only when no reader holds an old snapshot.
  Database other(dir.file("s.db"), DatabaseOptions{.check = IntegrityCheck::none});
  auto cp = other.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
  REQUIRE(cp.step());
  CHECK(cp.column_int64(0) == 0);  // 0: not blocked
}

TEST_CASE("a cached statement asked for while its own results are being read works on a copy") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  put(db, "a", 1);
  put(db, "b", 2);
  const std::string sql = "SELECT key FROM meta WHERE value >= ?1 ORDER BY key";
  std::vector<std::string> pairs;
  auto outer = db.cached(sql);
  outer->bind(1, 1);
  while (outer->step()) {
    auto inner = db.cached(sql);
    inner->bind(1, 2);
    while (inner->step()) pairs.push_back(outer->column_text(0) + inner->column_text(0));
  }
  CHECK(pairs == std::vector<std::string>{"ab", "bb"});
}
