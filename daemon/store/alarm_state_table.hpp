// SPDX-License-Identifier: Apache-2.0
#pragma once
// Alarms that are not back to normal, kept so that an alarm active before a crash is still active
// after it, with the same id. The alarm book serialises its records; this table only keeps them.
#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace sw::store {

class AlarmStateTable {
 public:
  explicit AlarmStateTable(Database& db) : db_(db) {}
  // Upserts records by source and deletes the sources of alarms that ended, within the caller's
  // transaction (made durable) or a durable one of its own. A source both saved and ended ends.
  void save(const std::vector<std::pair<std::string, std::string>>& source_and_json,
            const std::vector<std::string>& ended_sources);
  // Every record, ordered by source.
  std::vector<std::pair<std::string, std::string>> load();

 private:
  Database& db_;
};

}  // namespace sw::store
