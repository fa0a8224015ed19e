// SPDX-License-Identifier: Apache-2.0
#pragma once
// What `sitewatchctl probe` and `scan` ask of a Modbus bus, checked before anything goes on the
// line: a unit a device can have (1-247; 0 is broadcast, which nobody answers, and 248-255 are
// reserved: Modbus over Serial Line V1.02 §2.2), an address range inside the 16-bit address space,
// at most 125 values per read (the register limit of MODBUS Application Protocol V1.1b3 §6.3, kept
// for bits too so one rule covers every table), and a type and order the decoder knows.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

inline constexpr int kFirstUnit = 1;
inline constexpr int kLastUnit = 247;
inline constexpr int kMaxProbeCount = 125;

struct ProbeRequest {
  int unit = 1;
  Table table = Table::holding;
  int address = 0;  // 0-based wire address
  int count = 1;
  // The decode asked for (--type, --order), shown as the chosen one; registers only.
  std::optional<DataType> type;
  std::optional<ByteOrder> order;
  double scale = 1;
};

struct ScanRequest {
  int first = kFirstUnit;
  int last = kLastUnit;
  // The one value each unit is asked for: holding register 0 by default. Any answer finds a unit
  // (exception 02 too); another table or address shows which units actually have that value.
  Table table = Table::holding;
  int address = 0;
};

// From the console's arguments (docs/console.md "probe"): unit, table, address, count, and
// optionally type, order, scale. Throws std::invalid_argument naming the argument and what is
// allowed.
ProbeRequest parse_probe_request(const nlohmann::json& args);
// `units`: "N" or "A-B" (default 1-247); `table` (default holding) and `address` (default 0): the
// one value each unit is asked for.
ScanRequest parse_scan_request(const nlohmann::json& args);

}  // namespace sw::modbus
