// SPDX-License-Identifier: Apache-2.0
#pragma once
// The read planner: merges the points of one device and one poll group into the fewest requests
// (≤ 125 registers / ≤ 2000 bits each, Modbus Application Protocol §6), reading through gaps up to
// `max_gap`. When a device answers exception 02 (illegal data address) to a merged request, the
// request is split in two at its widest gap and the split is kept: the plan learns the device's
// limits instead of aborting the whole gather (Telegraf #14671).
#include <cstddef>
#include <string>
#include <vector>

#include "drivers/modbus/register_layout.hpp"

namespace sw::modbus {

struct PlannedField {
  Table table = Table::holding;
  int address = 0;
  int width = 1;          // registers (or 1 bit)
  std::size_t index = 0;  // position in the caller's field list
};

struct ReadRequest {
  Table table = Table::holding;
  int start = 0;
  int count = 0;
  std::vector<std::size_t> fields;  // indices into the planner's field list, address order
  int end() const { return start + count; }
};

struct PlannerLimits {
  int max_registers = 125;
  int max_bits = 2000;
  int max_gap = 16;  // registers (or bits) worth reading through rather than a new request
};

// Plans requests for `fields`, which may be in any order.
std::vector<ReadRequest> plan_reads(const std::vector<PlannedField>& fields,
                                    const PlannerLimits& limits);

// Splits `request` in two at its widest gap between fields (or in the middle of its fields when
// they are contiguous). Returns false when it holds a single field (nothing left to split).
bool split_request(const ReadRequest& request, const std::vector<PlannedField>& fields,
                   ReadRequest& first, ReadRequest& second);

// One line for the log: "holding 0..9 (3 points), input 100..101 (1 point)".
std::string describe_plan(const std::vector<ReadRequest>& plan);

}  // namespace sw::modbus
