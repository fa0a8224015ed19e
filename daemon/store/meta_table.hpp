#pragma once
// Small named values that outlive a restart: the last message sequence number, counters.
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

 private:
  Database& db_;
};

}  // namespace sw::store
