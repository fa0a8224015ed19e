// SPDX-License-Identifier: Apache-2.0
#include "store/statement.hpp"

#include <sqlite3.h>

#include "store/sqlite_error.hpp"

namespace sw::store {

Statement::Statement(sqlite3* db, std::string_view sql, bool persistent) : db_(db) {
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw sqlite_error(db_, rc, "cannot prepare", sql);
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);  // a no-op on nullptr
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind_int64(int index, std::int64_t v) {
  if (const int rc = sqlite3_bind_int64(stmt_, index, v); rc != SQLITE_OK) fail(rc, "cannot bind");
  return *this;
}

Statement& Statement::bind(int index, double v) {
  if (const int rc = sqlite3_bind_double(stmt_, index, v); rc != SQLITE_OK) fail(rc, "cannot bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc, "cannot bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(rc, "cannot bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "cannot run");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  // sqlite3_reset repeats the last step's error, which step() has already thrown.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

double Statement::column_double(int col) const {
  return sqlite3_column_double(stmt_, col);
}

std::string Statement::column_text(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool Statement::column_is_integer(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER;
}

bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

void Statement::fail(int rc, std::string_view what) const {
  throw sqlite_error(db_, rc, what, sqlite3_sql(stmt_));
}

StatementLease::StatementLease(Statement& cached, bool& lent) : statement_(&cached), lent_(&lent) {
  lent = true;
}

StatementLease::StatementLease(Statement&& one_off)
    : one_off_(std::move(one_off)), statement_(&*one_off_) {}

StatementLease::~StatementLease() {
  if (lent_ == nullptr) return;  // a one-off copy: finalized with the lease
  statement_->reset();
  *lent_ = false;
}

}  // namespace sw::store
