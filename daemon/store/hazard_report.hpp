// SPDX-License-Identifier: Apache-2.0
#pragma once
// The gateway's rows of the monthly 调度表 (附件3, 总体情况; shared/DOMAIN.md "隐患台账 and monthly
// reporting"): 企业自查发现的重大事故隐患 / 其中已完成整改, 部门检查发现 / 已完成整改, 政府挂牌督办
// / 已完成整改 — for the month alone and cumulative from the campaign's start, in total and by
// category and clause. The gateway's own detections are the enterprise's self-found hazards.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/hazard_register.hpp"

namespace sw::store {

struct HazardCounts {
  std::int64_t self_found = 0;  // monitoring and self_inspection
  std::int64_t self_rectified = 0;
  std::int64_t department_found = 0;
  std::int64_t department_rectified = 0;
  std::int64_t supervised = 0;  // 挂牌督办, whoever found it
  std::int64_t supervised_rectified = 0;
  bool operator==(const HazardCounts&) const = default;
};

struct HazardTally {
  std::string category;
  std::string clause;
  HazardCounts month;
  HazardCounts cumulative;
};

struct HazardReport {
  HazardCounts month;
  HazardCounts cumulative;
  std::vector<HazardTally> by_clause;  // sorted by category, then clause
};

// Found: opened in [month_start, month_end) — cumulative: in [since, month_end), or before
// month_end when there is no campaign start. Rectified (已完成整改): rectified or closed, and
// rectified before month_end; a record reopened since counts again once rectified again.
HazardReport hazard_report(const std::vector<HazardRecord>& records, WallTime month_start,
                           WallTime month_end, std::optional<WallTime> since);

}  // namespace sw::store
