// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/poll_group.hpp"

#include <map>

namespace sw::modbus {

PlannerLimits planner_limits(const BusSettings& bus) {
  return {bus.max_registers, bus.max_bits, bus.max_gap};
}

std::vector<PollGroup> make_poll_groups(const ModbusConfig& config, std::size_t device) {
  const DeviceSettings& dev = config.devices[device];
  std::map<Millis, PollGroup> by_period;
  for (std::size_t i = 0; i < config.points.size(); ++i) {
    const PointSpec& p = config.points[i];
    if (p.device != dev.name) continue;
    PollGroup& g = by_period[p.period.value_or(dev.period)];
    g.points.push_back(i);
    g.fields.push_back({p.table, p.address, field_width(p.table, p.type), g.fields.size()});
  }
  std::vector<PollGroup> groups;
  for (auto& [period, g] : by_period) {
    g.period = period;
    if (dev.status) {
      g.status_field = g.fields.size();
      g.fields.push_back({dev.status->where.table, dev.status->where.address, 1, g.fields.size()});
    }
    if (dev.decimals) {
      g.decimals_field = g.fields.size();
      g.fields.push_back(
          {dev.decimals->where.table, dev.decimals->where.address, 1, g.fields.size()});
    }
    g.plan = plan_reads(g.fields, planner_limits(config.bus));
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace sw::modbus
