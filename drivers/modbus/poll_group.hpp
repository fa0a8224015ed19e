// SPDX-License-Identifier: Apache-2.0
#pragma once
// A device's points sorted into poll groups, one per period: the device's period for most, a
// point's own `period` for the few that need another pace. Each group has its own plan and
// schedule and reads the device's status and decimals registers with its points, so every value
// is judged by the status read with it.
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "drivers/modbus/modbus_config.hpp"
#include "drivers/modbus/read_planner.hpp"

namespace sw::modbus {

struct PollGroup {
  Millis period{1000};
  std::vector<std::size_t> points;   // indices into ModbusConfig::points; field k is points[k]
  std::vector<PlannedField> fields;  // one per point, then the status and decimals registers
  std::optional<std::size_t> status_field;
  std::optional<std::size_t> decimals_field;
  std::vector<ReadRequest> plan;
};

PlannerLimits planner_limits(const BusSettings& bus);

// The groups of config.devices[device], shortest period first, each with its plan.
std::vector<PollGroup> make_poll_groups(const ModbusConfig& config, std::size_t device);

}  // namespace sw::modbus
