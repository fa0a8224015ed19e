// SPDX-License-Identifier: Apache-2.0
// The 调度表 counts from the 隐患台账 (附件3): what counts as found and rectified, in the month
// and cumulative from the campaign's start, and by category and clause.
#include <catch2/catch.hpp>

#include "store/hazard_report.hpp"

using namespace sw;
using namespace sw::store;

namespace {

const WallTime kMonthStart = from_epoch_ms(1'793'491'200'000);  // 2026-11-01T00:00:00Z
const WallTime kMonthEnd = from_epoch_ms(1'796'083'200'000);    // 2026-12-01T00:00:00Z
constexpr std::chrono::hours kDay{24};

HazardRecord record(HazardSource source, WallTime opened, std::string clause = "第五条(二)") {
  HazardRecord r;
  r.source = source;
  r.category = "瓦斯超限作业";
  r.clause = std::move(clause);
  r.opened_at = r.updated_at = opened;
  return r;
}

HazardRecord rectified(HazardRecord r, WallTime at, HazardState state = HazardState::rectified) {
  r.state = state;
  r.rectified_by = "李四";
  r.rectified_at = at;
  return r;
}

}  // namespace

TEST_CASE(
    "the gateway's detections and inspection findings are self-found, rectified and closed "
    "ones are rectified") {
  const std::vector<HazardRecord> records{
      rectified(record(HazardSource::monitoring, kMonthStart + kDay), kMonthStart + 2 * kDay,
                HazardState::closed),
      rectified(record(HazardSource::self_inspection, kMonthStart + kDay), kMonthStart + kDay),
      record(HazardSource::monitoring, kMonthStart + 3 * kDay),  // still open
  };
  const HazardReport r = hazard_report(records, kMonthStart, kMonthEnd, std::nullopt);
  CHECK(r.month.self_found == 3);
  CHECK(r.month.self_rectified == 2);
  CHECK(r.month.department_found == 0);
  CHECK(r.cumulative == r.month);
}

TEST_CASE(
    "department findings and 挂牌督办 are counted apart, supervised counts whoever found it") {
  HazardRecord dept = record(HazardSource::department, kMonthStart + kDay);
  dept.supervised = true;
  HazardRecord own =
      rectified(record(HazardSource::monitoring, kMonthStart + kDay), kMonthStart + 2 * kDay);
  own.supervised = true;
  const HazardReport r = hazard_report({dept, own}, kMonthStart, kMonthEnd, std::nullopt);
  CHECK(r.month.department_found == 1);
  CHECK(r.month.department_rectified == 0);
  CHECK(r.month.self_found == 1);
  CHECK(r.month.supervised == 2);
  CHECK(r.month.supervised_rectified == 1);
}

TEST_CASE(
    "cumulative starts at [report] since, the month counts its own, later ones count in "
    "neither, and a rectification after the month is not yet one in it") {
  const WallTime since = kMonthStart - 40 * kDay;
  const std::vector<HazardRecord> records{
      record(HazardSource::monitoring, since - kDay),  // before the campaign
      rectified(record(HazardSource::monitoring, since + kDay), since + 2 * kDay),
      rectified(record(HazardSource::monitoring, kMonthStart + kDay), kMonthEnd + kDay),
      record(HazardSource::monitoring, kMonthEnd + kDay),  // next month
  };
  const HazardReport r = hazard_report(records, kMonthStart, kMonthEnd, since);
  CHECK(r.month.self_found == 1);
  CHECK(r.month.self_rectified == 0);
  CHECK(r.cumulative.self_found == 2);
  CHECK(r.cumulative.self_rectified == 1);
  const HazardReport all = hazard_report(records, kMonthStart, kMonthEnd, std::nullopt);
  CHECK(all.cumulative.self_found == 3);
}

TEST_CASE("the counts are broken down by category and clause") {
  const std::vector<HazardRecord> records{
      record(HazardSource::monitoring, kMonthStart + kDay, "第五条(二)"),
      record(HazardSource::monitoring, kMonthStart + kDay, "第七条(二)"),
      record(HazardSource::self_inspection, kMonthStart + kDay, "第五条(二)"),
  };
  const HazardReport r = hazard_report(records, kMonthStart, kMonthEnd, std::nullopt);
  REQUIRE(r.by_clause.size() == 2);
  CHECK(r.by_clause[0].clause == "第七条(二)");  // sorted by category, then clause (bytes)
  CHECK(r.by_clause[0].month.self_found == 1);
  CHECK(r.by_clause[1].clause == "第五条(二)");
  CHECK(r.by_clause[1].month.self_found == 2);
}
