// SPDX-License-Identifier: Apache-2.0
#include "store/point_keys.hpp"

namespace sw::store {

std::vector<std::int64_t> PointKeys::get_or_create(const std::vector<std::string>& ids) {
  std::vector<std::int64_t> out;
  out.reserve(ids.size());
  Database::Transaction tx(db_, false);
  auto insert = db_.cached("INSERT OR IGNORE INTO points (id) VALUES (?1)");
  for (const auto& id : ids) {
    if (auto key = find(id)) {
      out.push_back(*key);
      continue;
    }
    insert->bind(1, id).run();
    out.push_back(db_.last_insert_rowid());
  }
  tx.commit();
  return out;
}

std::optional<std::int64_t> PointKeys::find(const std::string& id) {
  auto q = db_.cached("SELECT key FROM points WHERE id = ?1");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return q->column_int64(0);
}

std::vector<std::int64_t> PointKeys::all() {
  std::vector<std::int64_t> out;
  auto q = db_.cached("SELECT key FROM points ORDER BY key");
  while (q->step()) out.push_back(q->column_int64(0));
  return out;
}

}  // namespace sw::store
