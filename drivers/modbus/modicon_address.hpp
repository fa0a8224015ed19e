// SPDX-License-Identifier: Apache-2.0
#pragma once
// Modicon reference numbers, the numbering most device manuals print: 00001–09999 coils,
// 10001–19999 discrete inputs, 30001–39999 input registers, 40001–49999 holding registers
// (five digits), or the six-digit form 000001–065536, 100001–165536, 300001–365536, 400001–465536.
// The reference is one more than the address on the wire: 40001 is holding register 0.
#include <cstdint>
#include <optional>

#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

struct TableAddress {
  Table table = Table::holding;
  int address = 0;  // 0-based, as sent on the wire
  bool operator==(const TableAddress&) const = default;
};

// The table and wire address of a reference number, or nullopt when it names none. Five digits
// win where the forms overlap (10001 is discrete input 0, not coil 10000).
std::optional<TableAddress> from_modicon(std::int64_t reference);

}  // namespace sw::modbus
