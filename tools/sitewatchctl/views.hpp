// SPDX-License-Identifier: Apache-2.0
#pragma once
// What sitewatchctl prints for each console result (shapes in docs/console.md). Each view takes the
// result as the daemon sent it and tolerates missing fields. Pure functions: the caller decides
// colour (TTY and NO_COLOR) and passes "now", so tests can compare against golden text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw::console {

struct RenderOptions {
  bool color = false;
  bool utc = false;  // times in UTC instead of local time
  WallTime now = WallClock::now();
};

std::string render_status(const nlohmann::json& status, const RenderOptions& options);
std::string render_devices(const nlohmann::json& devices, const RenderOptions& options);
std::string render_points(const nlohmann::json& points, const RenderOptions& options);
// `points --limits`: one row per effective level of each point.
std::string render_limits(const nlohmann::json& points, const RenderOptions& options);
// `hidden`: alarms left out by the default filter (shelved, out of service), to say so.
std::string render_alarms(const nlohmann::json& alarms, const RenderOptions& options,
                          std::size_t hidden = 0);
// `alarms --closed`: alarms back to normal, from the ledger; `limit` as for history.
std::string render_closed_alarms(const nlohmann::json& alarms, const RenderOptions& options,
                                 std::optional<std::size_t> limit = std::nullopt);
// `limit`: the --limit asked for, to say when it cut the answer short.
std::string render_history(const nlohmann::json& samples, const RenderOptions& options,
                           std::optional<std::size_t> limit = std::nullopt);
std::string render_outbox(const nlohmann::json& outbox, const RenderOptions& options);
std::string render_ledger(const nlohmann::json& verdict, const RenderOptions& options);
std::string render_reload(const nlohmann::json& result, const RenderOptions& options);
// ack / shelve / unshelve: `verb` is "acknowledged", "shelved", "unshelved".
std::string render_alarm_action(std::string_view verb, const nlohmann::json& result,
                                const RenderOptions& options);
// The 隐患台账: records (hazards), one record with its steps and chain (hazard show), what a step
// answers (`verb`: "opened", "planned", "rectified", "closed", "reopened").
std::string render_hazards(const nlohmann::json& records, const RenderOptions& options);
std::string render_hazard(const nlohmann::json& record, const RenderOptions& options);
std::string render_hazard_step(std::string_view verb, const nlohmann::json& record,
                               const RenderOptions& options);
// The month's 调度表 counts (report): a table, or CSV (RFC 4180, CRLF) with a header row and one
// row per scope (month, cumulative) for the totals and for each category and clause.
std::string render_report(const nlohmann::json& report, const RenderOptions& options);
std::string render_report_csv(const nlohmann::json& report);
// Commissioning: a probe's values and every decode side by side (the --type/--order asked for
// marked), and a scan's progress or result.
std::string render_probe(const nlohmann::json& report, const RenderOptions& options);
std::string render_scan(const nlohmann::json& report, const RenderOptions& options);
// "scanning face-3: 40 of 247 units, 3 answered": one line while a scan runs.
std::string scan_progress_line(const nlohmann::json& report);
// One screen of `sitewatchctl watch`: a title, the status block and the alarms that need people.
std::string render_watch(const nlohmann::json& status, const nlohmann::json& alarms,
                         std::size_t hidden, Millis interval, const RenderOptions& options);

// ISA-18.2 short names, as alarm displays show them: UNACK, ACKED, RTNUN, SHLVD, OOS, NORM.
std::string short_state(std::string_view state);
// "alarm 2, event 1, status 1, telemetry 10": an outbox's lanes, in priority order.
std::string lanes_text(const nlohmann::json& by_lane);
// "1 device", "2 devices".
std::string count_text(std::int64_t n, std::string_view singular, std::string_view plural);

}  // namespace sw::console
