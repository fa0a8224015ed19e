// SPDX-License-Identifier: Apache-2.0
#include "options/options.hpp"

namespace sw::config {

void fail_at(const Context& ctx, const toml::node& at, const std::string& key,
             const std::string& problem) {
  ctx.fail(at, key, problem);
}

void for_each_table(const toml::table& parent, const std::string& key, const Context& ctx,
                    const std::function<void(const toml::table&, const Context&)>& each) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return;
  const auto* arr = node->as_array();
  if (arr == nullptr)
    ctx.fail(*node, key, "expected an array of tables ([[" + ctx.key_path(key) + "]])");
  std::size_t index = 0;
  for (const auto& element : *arr) {
    const auto* tbl = element.as_table();
    if (tbl == nullptr) ctx.fail(element, key, "expected a table in the array");
    each(*tbl, ctx.element(key, index++));
  }
}

const toml::table* table_at(const toml::table& parent, const std::string& key, const Context& ctx) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return nullptr;
  const auto* tbl = node->as_table();
  if (tbl == nullptr) ctx.fail(*node, key, "expected a table");
  return tbl;
}

}  // namespace sw::config
