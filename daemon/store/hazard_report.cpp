// SPDX-License-Identifier: Apache-2.0
#include "store/hazard_report.hpp"

#include <map>
#include <utility>

namespace sw::store {

namespace {

void count(HazardCounts& c, const HazardRecord& r, bool rectified) {
  const bool department = r.source == HazardSource::department;
  (department ? c.department_found : c.self_found) += 1;
  if (rectified) (department ? c.department_rectified : c.self_rectified) += 1;
  if (r.supervised) {
    ++c.supervised;
    if (rectified) ++c.supervised_rectified;
  }
}

}  // namespace

HazardReport hazard_report(const std::vector<HazardRecord>& records, WallTime month_start,
                           WallTime month_end, std::optional<WallTime> since) {
  HazardReport out;
  std::map<std::pair<std::string, std::string>, HazardTally> tallies;
  for (const HazardRecord& r : records) {
    if (r.opened_at >= month_end || (since && r.opened_at < *since)) continue;
    const bool rectified = (r.state == HazardState::rectified || r.state == HazardState::closed) &&
                           r.rectified_at && *r.rectified_at < month_end;
    HazardTally& t = tallies[{r.category, r.clause}];
    t.category = r.category;
    t.clause = r.clause;
    count(out.cumulative, r, rectified);
    count(t.cumulative, r, rectified);
    if (r.opened_at >= month_start) {
      count(out.month, r, rectified);
      count(t.month, r, rectified);
    }
  }
  for (auto& [key, t] : tallies) out.by_clause.push_back(std::move(t));
  return out;
}

}  // namespace sw::store
