// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace sw::store {

namespace {
constexpr std::size_t kSqlShown = 80;  // enough to recognise the statement in a log line

std::string_view code_name(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    case SQLITE_PERM:
      return "SQLITE_PERM";
    default:
      return "SQLITE_ERROR";
  }
}
}  // namespace

StoreError sqlite_error(sqlite3* db, int rc, std::string_view what, std::string_view sql,
                        std::string_view path) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  std::string text = "store ";
  if (file != nullptr && *file != '\0')
    text += file;
  else
    text += path.empty() ? std::string_view(":memory:") : path;
  text += ": ";
  text += what;
  if (!sql.empty()) {
    text += " `";
    text += sql.size() > kSqlShown ? std::string(sql.substr(0, kSqlShown)) + "…" : std::string(sql);
    text += "`";
  }
  text += ": ";
  // The connection's message is the precise one ("UNIQUE constraint failed: meta.key") when it
  // belongs to this error; sqlite3_errstr is the generic text of the code.
  const bool same = db != nullptr && sqlite3_extended_errcode(db) == rc;
  text += same ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  text += " (";
  text += code_name(rc);
  text += ")";
  return StoreError(std::move(text), rc);
}

bool is_corruption(int sqlite_code) {
  const int primary = sqlite_code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

}  // namespace sw::store
