// SPDX-License-Identifier: Apache-2.0
#include "hazard_deadlines.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

namespace sw {

namespace {

std::string source_of(std::int64_t id) {
  return "hazard/" + std::to_string(id) + "/overdue";
}

}  // namespace

std::vector<rules::Condition> overdue_conditions(const std::vector<store::HazardRecord>& open,
                                                 const std::vector<alarms::AlarmRecord>& alarms,
                                                 WallTime now,
                                                 const config::ReportSettings& settings) {
  const auto urgent = [&](const std::string& category) {
    return std::find(settings.urgent_categories.begin(), settings.urgent_categories.end(),
                     category) != settings.urgent_categories.end();
  };
  std::vector<rules::Condition> out;
  std::set<std::string> overdue;
  for (const auto& r : open) {
    if (!store::is_overdue(r, now)) continue;
    rules::Condition c;
    c.source = source_of(r.id);
    c.rule = kHazardOverdueRule;
    c.point = r.point.empty() ? "hazard/" + std::to_string(r.id) : r.point;
    c.active = true;
    c.level = "overdue";
    c.rank = 1;
    c.priority = r.supervised || urgent(r.category) ? 1 : 2;
    c.hazard_category = r.category;
    c.clause = r.clause;
    c.message = fmt::format("隐患 {} ({}) 超过整改期限 {} 未整改，责任人 {}", r.id, r.category,
                            r.plan.deadline, r.plan.responsible);
    c.time = now;
    overdue.insert(c.source);
    out.push_back(std::move(c));
  }
  for (const auto& a : alarms) {
    if (a.rule != kHazardOverdueRule || !a.condition_active || overdue.contains(a.source)) continue;
    rules::Condition c;
    c.source = a.source;
    c.rule = a.rule;
    c.point = a.point;
    c.active = false;
    c.message = "rectified, closed or given a new 期限";
    c.time = now;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace sw
