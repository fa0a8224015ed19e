// SPDX-License-Identifier: Apache-2.0
#include "drivers/modbus/read_planner.hpp"

#include <algorithm>

namespace sw::modbus {

namespace {
ReadRequest make_request(const std::vector<PlannedField>& fields,
                         const std::vector<std::size_t>& members) {
  ReadRequest r;
  r.table = fields[members.front()].table;
  r.start = fields[members.front()].address;
  int end = r.start;
  for (auto i : members) end = std::max(end, fields[i].address + fields[i].width);
  r.count = end - r.start;
  r.fields = members;
  return r;
}
}  // namespace

std::vector<ReadRequest> plan_reads(const std::vector<PlannedField>& fields,
                                    const PlannerLimits& limits) {
  std::vector<std::size_t> order(fields.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (fields[a].table != fields[b].table) return fields[a].table < fields[b].table;
    return fields[a].address < fields[b].address;
  });
  std::vector<ReadRequest> plan;
  std::vector<std::size_t> members;
  int start = 0;
  int end = 0;
  auto flush = [&] {
    if (!members.empty()) plan.push_back(make_request(fields, members));
    members.clear();
  };
  for (auto i : order) {
    const PlannedField& f = fields[i];
    const int max_count = is_bit_table(f.table) ? limits.max_bits : limits.max_registers;
    if (!members.empty()) {
      const bool same_table = fields[members.front()].table == f.table;
      const int new_end = std::max(end, f.address + f.width);
      const bool fits = new_end - start <= max_count;
      const bool near = f.address - end <= limits.max_gap;
      if (!(same_table && fits && near)) flush();
    }
    if (members.empty()) {
      start = f.address;
      end = f.address + f.width;
    } else {
      end = std::max(end, f.address + f.width);
    }
    members.push_back(i);
  }
  flush();
  return plan;
}

bool split_request(const ReadRequest& request, const std::vector<PlannedField>& fields,
                   ReadRequest& first, ReadRequest& second) {
  if (request.fields.size() < 2) return false;
  // Split after the field followed by the widest gap: an illegal address most likely lives in a
  // hole between the registers the device documents.
  std::size_t cut = request.fields.size() / 2;
  int widest = -1;
  int covered = fields[request.fields[0]].address + fields[request.fields[0]].width;
  for (std::size_t k = 1; k < request.fields.size(); ++k) {
    const auto& f = fields[request.fields[k]];
    const int gap = f.address - covered;
    if (gap > widest) {
      widest = gap;
      cut = k;
    }
    covered = std::max(covered, f.address + f.width);
  }
  if (widest <= 0) cut = request.fields.size() / 2;
  first = make_request(
      fields, {request.fields.begin(), request.fields.begin() + static_cast<std::ptrdiff_t>(cut)});
  second = make_request(
      fields, {request.fields.begin() + static_cast<std::ptrdiff_t>(cut), request.fields.end()});
  return true;
}

std::string describe_plan(const std::vector<ReadRequest>& plan) {
  std::string out;
  for (const auto& r : plan) {
    if (!out.empty()) out += ", ";
    out += std::string(to_string(r.table)) + " " + std::to_string(r.start) + ".." +
           std::to_string(r.end() - 1) + " (" + std::to_string(r.fields.size()) +
           (r.fields.size() == 1 ? " point)" : " points)");
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace sw::modbus
