#pragma once
// One SQLite connection (RAII). WAL, busy_timeout, numbered migrations each in a transaction.
// Opening checks integrity; a corrupt file is moved aside and a new one created — the daemon runs
// on, and says so (never "healthy but forwarding nothing").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sw::store {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind_null(int index);
  // Runs one step: true when a row is available.
  bool step();
  // Runs to completion, then resets for reuse.
  void run();
  void reset();
  std::int64_t column_int64(int col) const;
  double column_double(int col) const;
  std::string column_text(int col) const;
  bool column_is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

struct OpenReport {
  bool recreated = false;          // the old file was corrupt and moved aside
  std::string moved_aside_to;      // where it went
  std::string problem;             // what the integrity check said
};

class Database {
 public:
  // Opens (creating when absent) and migrates. Throws StoreError when it cannot.
  explicit Database(std::string path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  const OpenReport& open_report() const { return report_; }
  bool in_transaction() const;

  // A transaction; `durable` commits with synchronous=FULL (alarms), else NORMAL (telemetry).
  // Nested use joins the outer transaction.
  class Transaction {
   public:
    Transaction(Database& db, bool durable);
    ~Transaction();  // rolls back unless committed
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    Database& db_;
    bool owner_;
    bool done_ = false;
  };

 private:
  void open_and_check(bool read_only);
  void migrate();
  std::string path_;
  sqlite3* db_ = nullptr;
  OpenReport report_;
};

}  // namespace sw::store
