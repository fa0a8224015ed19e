// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

int register_count(DataType type) {
  switch (type) {
    case DataType::int32:
    case DataType::uint32:
    case DataType::float32:
      return 2;
    case DataType::int64:
    case DataType::uint64:
    case DataType::float64:
      return 4;
    case DataType::boolean:
    case DataType::bit:
    case DataType::int16:
    case DataType::uint16:
      return 1;
  }
  return 1;
}

int field_width(Table table, DataType type) {
  return is_bit_table(table) ? 1 : register_count(type);
}

std::string_view to_string(Table t) {
  for (const auto& [value, text] : config::EnumNames<Table>::values)
    if (value == t) return text;
  return "?";
}

std::string_view to_string(DataType t) {
  for (const auto& [value, text] : config::EnumNames<DataType>::values)
    if (value == t) return text;
  return "?";
}

int read_function_code(Table t) {
  switch (t) {
    case Table::coil:
      return 1;
    case Table::discrete:
      return 2;
    case Table::holding:
      return 3;
    case Table::input:
      return 4;
  }
  return 0;
}

}  // namespace sw::modbus
