// SPDX-License-Identifier: Apache-2.0
#pragma once
// StoreErrors built from SQLite's own words, naming the file and the statement.
#include <string_view>

#include "store/store_error.hpp"

struct sqlite3;

namespace sw::store {

// "store /var/lib/sitewatch/sitewatch.db: cannot run `INSERT INTO outbox …`: database or disk is
// full (SQLITE_FULL)". `sql` may be empty; `path` stands in for the connection's file name when the
// connection has none (a failed open).
StoreError sqlite_error(sqlite3* db, int rc, std::string_view what, std::string_view sql = {},
                        std::string_view path = {});

// The file's corruption codes: SQLITE_CORRUPT and SQLITE_NOTADB (with any extended code).
bool is_corruption(int sqlite_code);

}  // namespace sw::store
