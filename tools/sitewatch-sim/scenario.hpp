// SPDX-License-Identifier: Apache-2.0
#pragma once
// A scripted site: units (slave ids) with registers whose values follow a timeline, and fault
// windows (a unit that answers exceptions, stays silent, answers late, sends garbage or drops the
// connection) — so demos show alarms and tests can break things on cue.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "drivers/modbus/register_layout.hpp"

namespace sw::sim {

// The simulator speaks the same register layouts as the driver reads.
using modbus::ByteOrder;
using modbus::DataType;
using modbus::Table;
enum class FaultKind { exception, silent, late, garbage, disconnect };

struct TimelinePoint {
  double at_s = 0;
  double value = 0;
};

struct RegisterSpec {
  Table table = Table::holding;
  int address = 0;
  DataType type = DataType::uint16;
  ByteOrder order = ByteOrder::abcd;
  double scale = 1;  // register = (value - offset) / scale
  double offset = 0;
  std::vector<TimelinePoint> timeline;  // one point = a constant

  double value_at(double t_s) const;  // linear interpolation, held at the ends
};

struct FaultSpec {
  double from_s = 0;
  double to_s = 0;
  FaultKind kind = FaultKind::silent;
  int exception_code = 4;  // for kind = exception (04: server device failure)
  int delay_ms = 2000;     // for kind = late
};

struct UnitSpec {
  int id = 1;
  std::string name;
  // Like a real device: an address it does not define answers exception 02 (strict), or reads 0
  // inside the span of defined ones (lenient); more than it reads at once answers exception 03.
  bool strict_addresses = true;
  int max_registers = 125;
  int max_bits = 2000;
  std::vector<RegisterSpec> registers;
  std::vector<FaultSpec> faults;
  // The fault active at scenario time t, if any.
  const FaultSpec* fault_at(double t_s) const;
};

struct Scenario {
  std::string name;
  double cycle_s = 60;
  std::vector<UnitSpec> units;
  const UnitSpec* unit(int id) const;
};

// Throws config::ConfigError naming file:line:column.
Scenario load_scenario(const std::string& path);
Scenario parse_scenario(const std::string& text, const std::string& name);

}  // namespace sw::sim
