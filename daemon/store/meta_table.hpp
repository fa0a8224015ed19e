// SPDX-License-Identifier: Apache-2.0
#pragma once
// Small named values that outlive a restart: the last message sequence number, the session number,
// counters, the ledger's head.
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace sw::store {

class MetaTable {
 public:
  explicit MetaTable(Database& db) : db_(db) {}
  std::optional<std::int64_t> get_int(const std::string& key);
  void set_int(const std::string& key, std::int64_t value);
  // Adds `delta` (to 0 when absent) and returns the new value, in one statement.
  std::int64_t add_int(const std::string& key, std::int64_t delta);
  std::optional<std::string> get_text(const std::string& key);
  void set_text(const std::string& key, const std::string& value);

 private:
  Database& db_;
};

}  // namespace sw::store
