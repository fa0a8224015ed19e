// SPDX-License-Identifier: Apache-2.0
#pragma once
// The `points` table: each point id the store has seen, with the integer key its history rows
// carry. A key is never reused nor deleted: a point removed from the config keeps its key and its
// rows until they expire, and comes back under the same key if it returns.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace sw::store {

class PointKeys {
 public:
  explicit PointKeys(Database& db) : db_(db) {}
  // The key of each id, in the same order, creating the missing ones. Joins the caller's
  // transaction or uses one of its own.
  std::vector<std::int64_t> get_or_create(const std::vector<std::string>& ids);
  std::optional<std::int64_t> find(const std::string& id);
  // Every key, ascending.
  std::vector<std::int64_t> all();

 private:
  Database& db_;
};

}  // namespace sw::store
