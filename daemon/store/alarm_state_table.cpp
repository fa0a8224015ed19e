// SPDX-License-Identifier: Apache-2.0
#include "store/alarm_state_table.hpp"

namespace sw::store {

void AlarmStateTable::save(const std::vector<std::pair<std::string, std::string>>& source_and_json,
                           const std::vector<std::string>& ended_sources) {
  if (source_and_json.empty() && ended_sources.empty()) return;
  // Durable: an active alarm must come back after a crash with the id it was published under.
  Database::Transaction tx(db_, true);
  {
    auto upsert = db_.cached(
        "INSERT INTO alarm_state (source, record_json) VALUES (?1, ?2) "
        "ON CONFLICT (source) DO UPDATE SET record_json = excluded.record_json");
    for (const auto& [source, json] : source_and_json) upsert->bind(1, source).bind(2, json).run();
  }
  {
    auto erase = db_.cached("DELETE FROM alarm_state WHERE source = ?1");
    for (const auto& source : ended_sources) erase->bind(1, source).run();
  }
  tx.commit();
}

std::vector<std::pair<std::string, std::string>> AlarmStateTable::load() {
  std::vector<std::pair<std::string, std::string>> out;
  auto all = db_.cached("SELECT source, record_json FROM alarm_state ORDER BY source");
  while (all->step()) out.emplace_back(all->column_text(0), all->column_text(1));
  return out;
}

}  // namespace sw::store
