// SPDX-License-Identifier: Apache-2.0
#include "register_image.hpp"

#include "drivers/modbus/value_codec.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <stdexcept>

namespace sw::sim {

RegisterImage::RegisterImage(const Scenario& scenario) : scenario_(scenario) {
  for (const auto& unit : scenario.units) {
    // Each table spans exactly the addresses the unit defines.
    int lo[4] = {INT_MAX, INT_MAX, INT_MAX, INT_MAX};
    int hi[4] = {-1, -1, -1, -1};
    for (const auto& r : unit.registers) {
      const int t = static_cast<int>(r.table);
      const int width = (r.table == Table::coil || r.table == Table::discrete)
                            ? 1
                            : modbus::register_count(r.type);
      lo[t] = std::min(lo[t], r.address);
      hi[t] = std::max(hi[t], r.address + width);
    }
    auto start = [&](Table t) { return hi[static_cast<int>(t)] < 0 ? 0 : lo[static_cast<int>(t)]; };
    auto size = [&](Table t) {
      const int i = static_cast<int>(t);
      return hi[i] < 0 ? 0 : hi[i] - lo[i];
    };
    modbus_mapping_t* m = modbus_mapping_new_start_address(
        static_cast<unsigned>(start(Table::coil)), static_cast<unsigned>(size(Table::coil)),
        static_cast<unsigned>(start(Table::discrete)), static_cast<unsigned>(size(Table::discrete)),
        static_cast<unsigned>(start(Table::holding)), static_cast<unsigned>(size(Table::holding)),
        static_cast<unsigned>(start(Table::input)), static_cast<unsigned>(size(Table::input)));
    if (m == nullptr) throw std::runtime_error("cannot allocate the register map of a unit");
    mappings_[unit.id] = m;
    auto& defined = defined_[unit.id];
    for (auto& table : defined) table.assign(65536, false);
    for (const auto& r : unit.registers) {
      const int width = (r.table == Table::coil || r.table == Table::discrete)
                            ? 1
                            : modbus::register_count(r.type);
      for (int a = r.address; a < r.address + width && a < 65536; ++a)
        defined[static_cast<std::size_t>(r.table)][static_cast<std::size_t>(a)] = true;
    }
  }
  update(0);
}

RegisterImage::~RegisterImage() {
  for (auto& [id, m] : mappings_) modbus_mapping_free(m);
}

modbus_mapping_t* RegisterImage::mapping(int unit) const {
  auto it = mappings_.find(unit);
  return it == mappings_.end() ? nullptr : it->second;
}

bool RegisterImage::defines(int unit, Table table, int start, int count) const {
  auto it = defined_.find(unit);
  if (it == defined_.end() || start < 0 || count < 1 || start + count > 65536) return false;
  const auto& defined = it->second[static_cast<std::size_t>(table)];
  for (int a = start; a < start + count; ++a)
    if (!defined[static_cast<std::size_t>(a)]) return false;
  return true;
}

void RegisterImage::update(double t_s) {
  for (const auto& unit : scenario_.units) {
    modbus_mapping_t* m = mappings_.at(unit.id);
    for (const auto& r : unit.registers) {
      const double value = r.value_at(t_s);
      switch (r.table) {
        case Table::coil:
          m->tab_bits[r.address - m->start_bits] = value != 0 ? 1 : 0;
          break;
        case Table::discrete:
          m->tab_input_bits[r.address - m->start_input_bits] = value != 0 ? 1 : 0;
          break;
        case Table::holding:
        case Table::input: {
          std::uint16_t* tab =
              r.table == Table::holding
                  ? m->tab_registers + (r.address - m->start_registers)
                  : m->tab_input_registers + (r.address - m->start_input_registers);
          modbus::encode_registers((value - r.offset) / r.scale, r.type, r.order,
                                   {tab, static_cast<std::size_t>(modbus::register_count(r.type))});
          break;
        }
      }
    }
  }
}

}  // namespace sw::sim
