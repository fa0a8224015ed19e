// SPDX-License-Identifier: Apache-2.0
// The Modbus read planner on arbitrary point lists and limits (within what the config allows:
// addresses 0..65535 with the value inside the address space, max_registers 1..125, max_bits
// 1..2000, max_gap 0..2000). Properties: every point is read by exactly one request; a request
// stays in one table, covers its points, starts at its first point, asks for no more than the
// protocol allows; splitting keeps every point and shrinks the request.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "drivers/modbus/read_planner.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace sw::modbus;

void check_request(const ReadRequest& r, const std::vector<PlannedField>& fields,
                   const PlannerLimits& limits) {
  FUZZ_CHECK(!r.fields.empty(), "an empty request");
  FUZZ_CHECK(r.count >= 1, "a request for no registers");
  FUZZ_CHECK(r.start >= 0 && r.end() <= 65536, "a request outside the address space");
  int first = r.end();
  int widest = 1;
  for (std::size_t k = 0; k < r.fields.size(); ++k) {
    const PlannedField& f = fields.at(r.fields[k]);
    FUZZ_CHECK(f.table == r.table, "a request mixing tables");
    FUZZ_CHECK(f.address >= r.start && f.address + f.width <= r.end(),
               "a point outside the request that reads it");
    if (k > 0) FUZZ_CHECK(fields[r.fields[k - 1]].address <= f.address, "fields not in order");
    first = std::min(first, f.address);
    widest = std::max(widest, f.width);
  }
  FUZZ_CHECK(first == r.start, "a request starting before its first point");
  const int max = is_bit_table(r.table) ? limits.max_bits : limits.max_registers;
  // One point wider than the limit is refused by the config (max_registers < its width).
  FUZZ_CHECK(r.count <= std::max(max, widest), "a request larger than the limit");
}

void check_cover(const std::vector<ReadRequest>& plan, std::size_t n, const char* what) {
  std::vector<int> seen(n, 0);
  for (const auto& r : plan)
    for (auto i : r.fields) {
      FUZZ_CHECK(i < n, "a field index out of range");
      ++seen[i];
    }
  for (int s : seen) FUZZ_CHECK(s == 1, what);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 6) return 0;
  PlannerLimits limits;
  limits.max_registers = 1 + (data[0] | (data[1] << 8)) % 125;
  limits.max_bits = 1 + (data[2] | (data[3] << 8)) % 2000;
  limits.max_gap = (data[4] | (data[5] << 8)) % 2001;
  std::vector<PlannedField> fields;
  for (std::size_t at = 6; at + 3 <= size && fields.size() < 4096; at += 3) {
    PlannedField f;
    f.table = static_cast<Table>(data[at] & 3);
    static constexpr int kWidths[] = {1, 2, 4};
    f.width = is_bit_table(f.table) ? 1 : kWidths[(data[at] >> 2) % 3];
    f.address = data[at + 1] << 8 | data[at + 2];
    if (data[at] & 0x80) f.address = 65536 - f.width;  // the last address, often
    if (f.address + f.width > 65536) continue;         // the config refuses it
    if (!is_bit_table(f.table) && f.width > limits.max_registers) continue;  // refused as well
    f.index = fields.size();
    fields.push_back(f);
  }

  const auto plan = plan_reads(fields, limits);
  check_cover(plan, fields.size(), "a point read by no request, or by two");
  for (const auto& r : plan) check_request(r, fields, limits);
  (void)describe_plan(plan);

  // Split every request down to single points, as a device answering exception 02 to everything
  // would make the driver do, checking each step.
  std::vector<ReadRequest> work(plan.begin(), plan.end());
  std::vector<ReadRequest> singles;
  std::size_t steps = 0;
  while (!work.empty()) {
    ReadRequest r = std::move(work.back());
    work.pop_back();
    ReadRequest a, b;
    if (!split_request(r, fields, a, b)) {
      FUZZ_CHECK(r.fields.size() == 1, "a request of several points that does not split");
      singles.push_back(std::move(r));
      continue;
    }
    FUZZ_CHECK(++steps <= fields.size(), "splitting does not end");
    FUZZ_CHECK(!a.fields.empty() && !b.fields.empty(), "a split with an empty half");
    FUZZ_CHECK(a.fields.size() + b.fields.size() == r.fields.size(), "a split lost points");
    FUZZ_CHECK(a.count <= r.count && b.count <= r.count, "a split half larger than the whole");
    check_request(a, fields, limits);
    check_request(b, fields, limits);
    work.push_back(std::move(a));
    work.push_back(std::move(b));
  }
  check_cover(singles, fields.size(), "splitting to single points lost or doubled a point");
  return 0;
}
