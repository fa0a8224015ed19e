// SPDX-License-Identifier: Apache-2.0
#include "store/meta_table.hpp"

namespace sw::store {

std::optional<std::int64_t> MetaTable::get_int(const std::string& key) {
  auto get = db_.cached("SELECT value FROM meta WHERE key = ?1");
  get->bind(1, key);
  if (!get->step() || get->column_is_null(0)) return std::nullopt;
  return get->column_int64(0);
}

void MetaTable::set_int(const std::string& key, std::int64_t value) {
  auto set = db_.cached(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  set->bind(1, key).bind(2, value).run();
}

std::int64_t MetaTable::add_int(const std::string& key, std::int64_t delta) {
  auto add = db_.cached(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value RETURNING value");
  add->bind(1, key).bind(2, delta);
  const std::int64_t value = add->step() ? add->column_int64(0) : delta;
  while (add->step()) {
  }
  return value;
}

std::optional<std::string> MetaTable::get_text(const std::string& key) {
  auto get = db_.cached("SELECT value FROM meta WHERE key = ?1");
  get->bind(1, key);
  if (!get->step() || get->column_is_null(0)) return std::nullopt;
  return get->column_text(0);
}

void MetaTable::set_text(const std::string& key, const std::string& value) {
  auto set = db_.cached(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  set->bind(1, key).bind(2, value).run();
}

}  // namespace sw::store
