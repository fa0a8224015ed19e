// SPDX-License-Identifier: Apache-2.0
#pragma once
// A device's status register mapped to the quality of its readings (DOMAIN.md §5). A status word
// is read as fields, each a mask of bits whose value (shifted down) names a state:
//   Honeywell Midas 40001: bits 0–3 the monitoring state (0 warm-up, 2–4 inhibited, 7–8
//   calibration), bits 4–5 the fault state (1 maintenance fault, 2 instrument fault).
//   A common Chinese module 0x6000: bit 15 clear = warming up (bits 0–14 then count down the
//   seconds left), set = running with bit 4 over range, bit 5 sensor lost.
// Fields are checked in the order given and the first that names a state decides, so a module's
// warm-up countdown is never read as fault bits: list the warm-up field first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/quality.hpp"
#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

struct RegisterRef {
  Table table = Table::holding;
  int address = 0;
};

struct StatusField {
  std::uint16_t mask = 0;
  // Values of (word & mask) >> (lowest bit of mask) that mean each state; others mean good.
  std::vector<int> device_fault;
  std::vector<int> warming_up;
  std::vector<int> calibrating;      // also: alarms inhibited, bump test, simulation
  std::vector<int> out_of_range;     // over range, side unknown (the value may still show it)
  std::vector<int> over_range_high;  // over range on the high side (a gas head past its top)
  std::vector<int> over_range_low;   // under range (below the bottom of the range)
};

struct StatusSpec {
  RegisterRef where;
  std::vector<StatusField> fields;
};

// A register holding the number of decimals of the device's integer readings (Midas 40007 bits
// 0–2; a Chinese module's decimals setting): value = raw / 10^decimals.
struct DecimalsSpec {
  RegisterRef where;
  std::uint16_t mask = 0xFFFF;
};

struct StatusVerdict {
  Quality quality = Quality::good;
  std::string reason;                      // empty when good
  RangeSide over_range = RangeSide::none;  // with out_of_range, when the field says the side
};

// (word & mask) shifted down to bit 0.
int field_value(std::uint16_t word, std::uint16_t mask);
// The highest value a field can hold.
int field_max(std::uint16_t mask);
// What the status word says about the device's readings.
StatusVerdict evaluate_status(const StatusSpec& spec, std::uint16_t word);

}  // namespace sw::modbus
