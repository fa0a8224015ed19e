// SPDX-License-Identifier: Apache-2.0
#pragma once
// One SQLite connection (RAII). WAL, busy_timeout, foreign keys, numbered migrations each in its
// own transaction. Opening checks integrity; a corrupt file is moved aside to <path>.corrupt-<time>
// and a new one created — the daemon runs on, and says so (never "healthy but forwarding nothing").
//
// A connection belongs to one thread at a time: the rules thread, the uplink and the console each
// open their own on the same file (WAL lets one write while the others read; busy_timeout makes a
// second writer wait instead of failing). Open the writing connection first: only it may replace a
// corrupt file, and only while opening — the store is never recreated while running.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "store/statement.hpp"
#include "store/store_error.hpp"

struct sqlite3;

namespace sw::store {

enum class IntegrityCheck {
  none,   // trust the file (a second connection to a file the first one checked)
  quick,  // PRAGMA quick_check: every page and record, not the indexes' contents (the default)
  full,   // PRAGMA integrity_check: also that every index matches its table (slower)
};

struct DatabaseOptions {
  bool read_only = false;  // the console: no writes, no migrations, no recovery
  Millis busy_timeout{5000};
  IntegrityCheck check = IntegrityCheck::quick;
  // Move a corrupt file aside and start a new one. Only for the first, writing connection.
  bool replace_corrupt = true;
  // The connection's page cache, at most (SQLite's default is 2 MB a connection; the gateway has
  // four). 0 keeps the default.
  std::size_t cache_kib = 0;
};

struct OpenReport {
  bool recreated = false;      // the old file was corrupt and moved aside
  std::string moved_aside_to;  // where it went (its -wal and -shm beside it, same suffix)
  std::string problem;         // what SQLite or the integrity check said
};

class Database {
 public:
  // Opens (creating the file and its directory when absent), checks and migrates. Throws StoreError
  // when it cannot (the message names the path and SQLite's reason).
  Database(std::string path, DatabaseOptions options);
  explicit Database(std::string path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without results.
  void exec(std::string_view sql);
  // A one-off statement, finalized when it goes.
  Statement prepare(std::string_view sql);
  // A statement prepared once per connection and reused: for the hot paths.
  StatementLease cached(std::string_view sql);

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  const OpenReport& open_report() const { return report_; }
  bool read_only() const { return options_.read_only; }
  bool in_transaction() const;
  std::int64_t last_insert_rowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE (not counting its triggers).
  std::int64_t changes() const;
  int schema_version();
  // Copies the WAL into the file and truncates both (the file to its page count after an
  // incremental vacuum, the WAL to 0) unless a reader still uses the WAL: then it does what it can
  // and returns false at once, never waiting for the reader.
  bool checkpoint_truncate();

  // A write transaction (BEGIN IMMEDIATE, so a second writer waits in busy_timeout at the start
  // rather than failing halfway). `durable` commits with synchronous=FULL, fsyncing the WAL before
  // commit() returns (alarms); otherwise NORMAL (telemetry, history: may be lost on power loss,
  // never corrupt). Nested use joins the outer transaction as a savepoint: the inner one's work is
  // undone alone if it ends without commit(), and becomes durable only when the outer one commits.
  // A durable inner transaction in a non-durable outer one makes the outer commit durable.
  class Transaction {
   public:
    Transaction(Database& db, bool durable);
    ~Transaction();  // rolls back unless committed
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    void end_outermost() noexcept;
    Database& db_;
    bool owner_;
    bool durable_;
    bool done_ = false;
    int depth_;  // this transaction's nesting level (1 = outermost): names its savepoint
  };

  // A read transaction (deferred BEGIN): the reads inside see one snapshot of the file while the
  // writer goes on in WAL mode, and it never takes the write lock. Ended at destruction.
  class ReadSnapshot {
   public:
    explicit ReadSnapshot(Database& db);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

   private:
    Database& db_;
  };

 private:
  void open_checked();
  void open_connection();
  void configure();
  void check_integrity();
  void migrate();
  void use_incremental_vacuum();
  void close() noexcept;
  void set_synchronous_full(bool full);
  void sync_wal();

  std::string path_;
  DatabaseOptions options_;
  sqlite3* db_ = nullptr;
  OpenReport report_;
  struct CachedStatement {
    Statement statement;
    bool lent = false;
  };
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> cache_;
  // The transaction in progress: nesting depth, whether it began durable, whether a durable inner
  // transaction asks the outer commit to sync.
  int tx_depth_ = 0;
  bool tx_began_durable_ = false;
  bool tx_wants_sync_ = false;
};

}  // namespace sw::store
