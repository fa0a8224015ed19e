// SPDX-License-Identifier: Apache-2.0
// The read planner: fewest requests within the protocol's limits, reading through small gaps only,
// and splitting where a device refuses a span.
#include <catch2/catch.hpp>

#include <vector>

#include "drivers/modbus/read_planner.hpp"

using namespace sw::modbus;

namespace {
std::vector<PlannedField> registers_at(const std::vector<int>& addresses, int width = 1,
                                       Table table = Table::holding) {
  std::vector<PlannedField> out;
  for (int a : addresses) out.push_back({table, a, width, out.size()});
  return out;
}
std::vector<int> range(int first, int count, int step = 1) {
  std::vector<int> out;
  for (int i = 0; i < count; ++i) out.push_back(first + i * step);
  return out;
}
}  // namespace

TEST_CASE("a dense map of 1000 registers takes 8 requests of at most 125") {
  const auto fields = registers_at(range(0, 1000));
  const auto plan = plan_reads(fields, {});
  REQUIRE(plan.size() == 8);
  for (const auto& r : plan) CHECK(r.count <= 125);
  CHECK(plan.front().start == 0);
  CHECK(plan.front().count == 125);
  CHECK(plan.back().end() == 1000);
  std::size_t covered = 0;
  for (const auto& r : plan) covered += r.fields.size();
  CHECK(covered == 1000);
}

TEST_CASE("small gaps are read through, large gaps start a new request") {
  // Gaps of 10 (read through with max_gap 16), then one of 50 (not).
  const auto fields = registers_at({0, 11, 22, 73});
  const auto plan = plan_reads(fields, {125, 2000, 16});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].start == 0);
  CHECK(plan[0].count == 23);
  CHECK(plan[0].fields.size() == 3);
  CHECK(plan[1].start == 73);
  CHECK(plan[1].count == 1);
}

TEST_CASE("max_gap 0 merges only touching registers") {
  const auto plan = plan_reads(registers_at({0, 1, 2, 4, 5}), {125, 2000, 0});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].count == 3);
  CHECK(plan[1].start == 4);
}

TEST_CASE("a sparse map takes one request per cluster") {
  // 100 clusters of 4 float32 values (8 registers), 200 registers apart.
  std::vector<PlannedField> fields;
  for (int c = 0; c < 100; ++c)
    for (int i = 0; i < 4; ++i)
      fields.push_back({Table::holding, c * 200 + i * 2, 2, fields.size()});
  const auto plan = plan_reads(fields, {});
  CHECK(plan.size() == 100);
  for (const auto& r : plan) CHECK(r.count == 8);
}

TEST_CASE("a multi-register value is never cut across two requests") {
  // 62 float32 fill 124 registers; the 63rd would end at 126 > 125.
  const auto plan = plan_reads(registers_at(range(0, 63, 2), 2), {});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].count == 124);
  CHECK(plan[1].start == 124);
  CHECK(plan[1].count == 2);
}

TEST_CASE("tables are never merged, whatever their addresses") {
  std::vector<PlannedField> fields{{Table::holding, 0, 1, 0},
                                   {Table::input, 1, 1, 1},
                                   {Table::coil, 2, 1, 2},
                                   {Table::discrete, 3, 1, 3},
                                   {Table::holding, 1, 1, 4}};
  const auto plan = plan_reads(fields, {});
  REQUIRE(plan.size() == 4);
  CHECK(plan[0].table == Table::coil);
  CHECK(plan[1].table == Table::discrete);
  CHECK(plan[2].table == Table::holding);
  CHECK(plan[2].fields.size() == 2);
  CHECK(plan[3].table == Table::input);
}

TEST_CASE("coils and discrete inputs merge up to 2000 bits") {
  const auto plan = plan_reads(registers_at(range(0, 2500), 1, Table::coil), {});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].count == 2000);
  CHECK(plan[1].count == 500);
}

TEST_CASE("fields sharing registers (bits of one word, a status word) take one read") {
  std::vector<PlannedField> fields{{Table::holding, 10, 1, 0},
                                   {Table::holding, 10, 1, 1},
                                   {Table::holding, 8, 2, 2},
                                   {Table::holding, 9, 1, 3}};
  const auto plan = plan_reads(fields, {});
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].start == 8);
  CHECK(plan[0].count == 3);
  CHECK(plan[0].fields.size() == 4);
}

TEST_CASE("fields may come in any order") {
  const auto plan = plan_reads(registers_at({50, 3, 7, 1}), {125, 2000, 0});
  REQUIRE(plan.size() == 4);
  CHECK(plan[0].start == 1);
  CHECK(plan[3].start == 50);
  CHECK(plan_reads({}, {}).empty());
}

TEST_CASE("lower limits of a device give more, smaller requests") {
  const auto plan = plan_reads(registers_at(range(0, 100)), {32, 2000, 16});
  REQUIRE(plan.size() == 4);
  CHECK(plan[0].count == 32);
  CHECK(plan[3].count == 4);
}

TEST_CASE("a refused request is split at its widest gap") {
  // 0..3 and 10..13 read together over a 6-register hole; the hole is where the device has no
  // registers, so the split falls there.
  const auto fields = registers_at({0, 1, 2, 3, 10, 11, 12, 13});
  const auto plan = plan_reads(fields, {});
  REQUIRE(plan.size() == 1);
  ReadRequest first, second;
  REQUIRE(split_request(plan[0], fields, first, second));
  CHECK(first.start == 0);
  CHECK(first.count == 4);
  CHECK(second.start == 10);
  CHECK(second.count == 4);
}

TEST_CASE("a refused request without gaps is split in the middle, one field cannot be split") {
  const auto fields = registers_at(range(0, 6));
  const auto plan = plan_reads(fields, {});
  ReadRequest first, second;
  REQUIRE(split_request(plan[0], fields, first, second));
  CHECK(first.count == 3);
  CHECK(second.start == 3);
  CHECK(second.count == 3);

  const auto single = registers_at({5});
  const auto one = plan_reads(single, {});
  CHECK_FALSE(split_request(one[0], single, first, second));
}

TEST_CASE("the plan reads as one line for the log") {
  const auto fields = registers_at({0, 1, 100});
  const auto text = describe_plan(plan_reads(fields, {}));
  CHECK(text == "holding 0..1 (2 points), holding 100..100 (1 point)");
  CHECK(describe_plan({}) == "nothing");
}
