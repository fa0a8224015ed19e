// SPDX-License-Identifier: Apache-2.0
#pragma once
// The store's schema as numbered migrations. A database at version N has run migrations 1..N
// (PRAGMA user_version); opening runs the rest, each in its own transaction. Never edit a migration
// that has shipped: add the next one.
#include <span>
#include <string_view>

namespace sw::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::span<const Migration> schema_migrations();
int latest_schema_version();

}  // namespace sw::store
