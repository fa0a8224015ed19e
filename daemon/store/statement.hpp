// SPDX-License-Identifier: Apache-2.0
#pragma once
// One prepared SQLite statement (RAII: finalized when it goes). Errors throw StoreError naming the
// database file, the statement and SQLite's message.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sw::store {

class Statement {
 public:
  // `persistent`: the statement will be reused many times (a hint to SQLite's allocator).
  Statement(sqlite3* db, std::string_view sql, bool persistent = false);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQL's ?1.
  template <std::integral T>
  Statement& bind(int index, T v) {
    return bind_int64(index, static_cast<std::int64_t>(v));
  }
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);  // copied: the argument may go before step()
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind_null(int index);

  // Runs one step: true when a row is available, false when done.
  bool step();
  // Runs to completion, then resets for reuse.
  void run();
  // Makes it ready to run again and clears the parameters. A statement stepped but not reset holds
  // a read snapshot, which keeps WAL checkpoints from finishing: always reset after use.
  void reset();

  // Columns are numbered from 0.
  std::int64_t column_int64(int col) const;
  double column_double(int col) const;
  std::string column_text(int col) const;  // "" for NULL
  bool column_is_null(int col) const;
  bool column_is_integer(int col) const;  // stored as INTEGER (not REAL, TEXT, BLOB or NULL)

 private:
  Statement& bind_int64(int index, std::int64_t v);
  [[noreturn]] void fail(int rc, std::string_view what) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A statement borrowed from the Database's cache; reset when the lease ends, so it never keeps a
// read snapshot open. Should the same statement be asked for while already lent (a query run from
// inside the loop over its own results), the lease holds a one-off copy instead.
class StatementLease {
 public:
  explicit StatementLease(Statement& cached, bool& lent);
  explicit StatementLease(Statement&& one_off);
  ~StatementLease();
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;

  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  std::optional<Statement> one_off_;
  Statement* statement_;
  bool* lent_ = nullptr;  // the cache's "in use" flag, cleared when the lease ends
};

}  // namespace sw::store
