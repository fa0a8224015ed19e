// SPDX-License-Identifier: Apache-2.0
#pragma once
// The registers each simulated unit serves (a libmodbus mapping per unit), refreshed from the
// scenario's timelines. Addresses outside what a unit defines answer exception 02, like a real
// device — so the gateway's read planner meets the limits it must learn.
#include <modbus/modbus.h>

#include <array>
#include <map>
#include <memory>
#include <vector>

#include "scenario.hpp"

namespace sw::sim {

class RegisterImage {
 public:
  explicit RegisterImage(const Scenario& scenario);
  ~RegisterImage();
  RegisterImage(const RegisterImage&) = delete;
  RegisterImage& operator=(const RegisterImage&) = delete;

  // Writes every register's value at scenario time t.
  void update(double t_s);
  // The mapping of a unit, or nullptr when the unit is not simulated.
  modbus_mapping_t* mapping(int unit) const;
  // Whether the unit defines every address in [start, start + count) of `table`.
  bool defines(int unit, Table table, int start, int count) const;

 private:
  const Scenario& scenario_;
  std::map<int, modbus_mapping_t*> mappings_;
  // Per unit and table (coil, discrete, holding, input): which addresses the scenario defines.
  std::map<int, std::array<std::vector<bool>, 4>> defined_;
};

}  // namespace sw::sim
