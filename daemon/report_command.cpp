// SPDX-License-Identifier: Apache-2.0
#include "report_command.hpp"

#include "console/console_error.hpp"
#include "console/handler_args.hpp"
#include "core/calendar_date.hpp"
#include "gateway.hpp"
#include "store/hazard_report.hpp"

namespace sw {

namespace {

using console::ConsoleError;
using console::ErrorCode;
using nlohmann::json;

json counts_json(const store::HazardCounts& c) {
  return {{"self_found", c.self_found},
          {"self_rectified", c.self_rectified},
          {"department_found", c.department_found},
          {"department_rectified", c.department_rectified},
          {"supervised", c.supervised},
          {"supervised_rectified", c.supervised_rectified}};
}

}  // namespace

std::optional<json> month_report(Gateway& g, const std::string& month) {
  const auto bounds = local_month_bounds(month);
  if (!bounds) return std::nullopt;
  const auto config = g.config();
  const std::string since_text = config->report.since;
  const std::optional<WallTime> since =
      since_text.empty() ? std::nullopt : local_day_start(since_text);
  std::vector<store::HazardRecord> records;
  g.store().read_hazards([&](store::HazardRegister& r) { records = r.list(true); });
  const store::HazardReport report =
      store::hazard_report(records, bounds->first, bounds->second, since);
  json rows = json::array();
  for (const auto& tally : report.by_clause)
    rows.push_back({{"category", tally.category},
                    {"clause", tally.clause},
                    {"month", counts_json(tally.month)},
                    {"cumulative", counts_json(tally.cumulative)}});
  return json{{"period", month},
              {"since", since_text.empty() ? json(nullptr) : json(since_text)},
              {"enterprise", config->site.enterprise_code},
              {"gateway", config->site.gateway_id},
              {"month", counts_json(report.month)},
              {"cumulative", counts_json(report.cumulative)},
              {"by_clause", rows}};
}

void add_report_command(console::CommandTable& t, Gateway& g) {
  t.add("report",
        "the month's 调度表 counts, for the month and cumulative from [report] since, by category "
        "and clause (args: month YYYY-MM)",
        [&g](const json& args) {
          const std::string month = console::string_arg(args, "month");
          auto report = month_report(g, month);
          if (!report)
            throw ConsoleError(ErrorCode::bad_request,
                               "argument \"month\" must be a month YYYY-MM, not \"" + month + "\"");
          return std::move(*report);
        });
}

}  // namespace sw
