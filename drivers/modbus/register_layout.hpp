// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where a value sits in a device and how its bytes are laid out: table, data type, byte and word
// order (DOMAIN.md §5: Honeywell Midas sends float32 with big-endian bytes and little-endian
// words, which is CDAB here).
#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "options/option_values.hpp"

namespace sw::modbus {

enum class Table { coil, discrete, holding, input };  // read with FC 1, 2, 3, 4
enum class DataType { boolean, bit, int16, uint16, int32, uint32, float32, int64, uint64, float64 };
// Byte order of a value across its registers, named by where the bytes of the big-endian value
// A B C D (most significant first) land: ABCD big-endian, CDAB word-swapped, BADC byte-swapped
// within words, DCBA little-endian. 64-bit values follow the same rule over four words.
enum class ByteOrder { abcd, cdab, badc, dcba };

inline bool is_bit_table(Table t) {
  return t == Table::coil || t == Table::discrete;
}
inline bool is_switch_type(DataType t) {
  return t == DataType::boolean || t == DataType::bit;
}
// Registers a value of `type` spans: 1, 2 or 4 (bool and bit: one bit or one register).
int register_count(DataType type);
// What one point occupies in its table: 1 for a coil or discrete input, else register_count.
int field_width(Table table, DataType type);
std::string_view to_string(Table t);
std::string_view to_string(DataType t);
// The Modbus function code that reads a table.
int read_function_code(Table t);

}  // namespace sw::modbus

namespace sw::config {
template <>
struct EnumNames<modbus::Table> {
  static constexpr std::array<std::pair<modbus::Table, std::string_view>, 4> values{{
      {modbus::Table::coil, "coil"},
      {modbus::Table::discrete, "discrete"},
      {modbus::Table::holding, "holding"},
      {modbus::Table::input, "input"},
  }};
};
template <>
struct EnumNames<modbus::DataType> {
  static constexpr std::array<std::pair<modbus::DataType, std::string_view>, 10> values{{
      {modbus::DataType::boolean, "bool"},
      {modbus::DataType::bit, "bit"},
      {modbus::DataType::int16, "int16"},
      {modbus::DataType::uint16, "uint16"},
      {modbus::DataType::int32, "int32"},
      {modbus::DataType::uint32, "uint32"},
      {modbus::DataType::float32, "float32"},
      {modbus::DataType::int64, "int64"},
      {modbus::DataType::uint64, "uint64"},
      {modbus::DataType::float64, "float64"},
  }};
};
template <>
struct EnumNames<modbus::ByteOrder> {
  static constexpr std::array<std::pair<modbus::ByteOrder, std::string_view>, 4> values{{
      {modbus::ByteOrder::abcd, "ABCD"},
      {modbus::ByteOrder::cdab, "CDAB"},
      {modbus::ByteOrder::badc, "BADC"},
      {modbus::ByteOrder::dcba, "DCBA"},
  }};
};
}  // namespace sw::config
