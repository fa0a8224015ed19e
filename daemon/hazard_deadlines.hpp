// SPDX-License-Identifier: Apache-2.0
#pragma once
// A record of the 隐患台账 past its 期限 and not rectified raises an alarm (issue 14 §3), through
// the alarm book like any condition: source "hazard/<id>/overdue", rule hazard_overdue, on the
// record's point (or "hazard/<id>" when it names none). Priority by category: 1 for a record
// under 挂牌督办 or of one of `[report] urgent_categories`, else 2. Not a major hazard itself: that
// would open another record.
//
// Stateless: the gateway posts these every check. A record overdue gives an active condition
// (the alarm book ignores a repeat); an overdue alarm still active whose record is not overdue
// any more (rectified, closed, re-planned) gives an inactive one. So restarts and reloads need no
// memory of what was posted.
#include <vector>

#include "alarms/alarm_book.hpp"
#include "config/site_config.hpp"
#include "rules/condition.hpp"
#include "store/hazard_register.hpp"

namespace sw {

inline constexpr const char* kHazardOverdueRule = "hazard_overdue";

std::vector<rules::Condition> overdue_conditions(const std::vector<store::HazardRecord>& open,
                                                 const std::vector<alarms::AlarmRecord>& alarms,
                                                 WallTime now,
                                                 const config::ReportSettings& settings);

}  // namespace sw
