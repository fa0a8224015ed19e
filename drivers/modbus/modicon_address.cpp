// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/modicon_address.hpp"

namespace sw::modbus {

std::optional<TableAddress> from_modicon(std::int64_t ref) {
  struct Range {
    std::int64_t first;
    std::int64_t last;
    Table table;
  };
  static constexpr Range ranges[] = {
      {1, 9999, Table::coil},
      {10001, 19999, Table::discrete},
      {30001, 39999, Table::input},
      {40001, 49999, Table::holding},
      {100001, 165536, Table::discrete},
      {300001, 365536, Table::input},
      {400001, 465536, Table::holding},
  };
  for (const auto& r : ranges)
    if (ref >= r.first && ref <= r.last)
      return TableAddress{r.table, static_cast<int>(ref - r.first)};
  return std::nullopt;
}

}  // namespace sw::modbus
