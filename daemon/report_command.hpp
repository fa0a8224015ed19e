// SPDX-License-Identifier: Apache-2.0
#pragma once
// `report` on the console: the gateway's rows of the monthly 调度表 (附件3) from the 隐患台账 —
// found and rectified, self / department / supervised, for the month and cumulative from
// [report] since, by category and clause (store/hazard_report.hpp).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "console/command_table.hpp"

namespace sw {

class Gateway;

void add_report_command(console::CommandTable& table, Gateway& gateway);
// The report of a month "YYYY-MM" (docs/console.md, `report`); nullopt when it is not a month.
// Also the platform's request_report.
std::optional<nlohmann::json> month_report(Gateway& gateway, const std::string& month);

}  // namespace sw
