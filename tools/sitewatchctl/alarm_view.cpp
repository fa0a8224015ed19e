// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <utility>

#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

// Unacknowledged alarms stand out most (ISA-18.2 flashes them); shelved and out-of-service ones
// recede.
Style state_style(std::string_view state) {
  if (state == "unacknowledged") return Style::alert;
  if (state == "acknowledged") return Style::red;
  if (state == "returned_unacknowledged") return Style::yellow;
  if (state == "shelved" || state == "out_of_service") return Style::dim;
  return Style::plain;
}

// A sensor or monitoring fault is yellow; an exceedance red; a major hazard bold red.
Style level_style(const json& alarm) {
  if (flag_of(alarm, "major_hazard")) return Style::alert;
  const std::string level = text_of(alarm, "level", "");
  const std::string rule = text_of(alarm, "rule", "");
  if (level.find("fault") != std::string::npos || rule.find("fault") != std::string::npos)
    return Style::yellow;
  return Style::red;
}

std::string number_or_dash(const json& alarm, std::string_view key) {
  const auto value = number_of(alarm, key);
  return value ? format_number(*value) : "-";
}

}  // namespace

std::string short_state(std::string_view state) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kShort{{
      {"normal", "NORM"},
      {"unacknowledged", "UNACK"},
      {"acknowledged", "ACKED"},
      {"returned_unacknowledged", "RTNUN"},
      {"shelved", "SHLVD"},
      {"out_of_service", "OOS"},
  }};
  for (const auto& [full, abbreviation] : kShort)
    if (state == full) return std::string(abbreviation);
  return std::string(state);
}

std::string render_alarms(const json& alarms, const RenderOptions& options, std::size_t hidden) {
  std::string out;
  if (!alarms.is_array() || alarms.empty()) {
    out = "no active alarms\n";
  } else {
    Table table({{"ALARM ID"},
                 {"STATE"},
                 {"LEVEL"},
                 {"POINT"},
                 {"LOCATION"},
                 {"VALUE", Align::right},
                 {"PEAK", Align::right},
                 {"LIMIT", Align::right},
                 {"UNIT"},
                 {"RAISED"},
                 {"ACKED BY"}});
    std::string notes;
    for (const auto& alarm : alarms) {
      const std::string state = text_of(alarm, "state");
      const auto raised = time_of(alarm, "raised_at");
      table.add_row({text_of(alarm, "alarm_id"), Cell(short_state(state), state_style(state)),
                     Cell(text_of(alarm, "level"), level_style(alarm)), text_of(alarm, "point"),
                     text_of(alarm, "location"), number_or_dash(alarm, "value"),
                     number_or_dash(alarm, "peak"), number_or_dash(alarm, "threshold"),
                     text_of(alarm, "unit", ""),
                     raised ? format_clock_time(*raised, options.utc) : "-",
                     text_of(alarm, "acked_by")});
      if (flag_of(alarm, "major_hazard")) {
        std::string note = "MAJOR HAZARD " + text_of(alarm, "alarm_id") + ": " +
                           text_of(alarm, "hazard_category", "major accident hazard");
        if (const auto clause = text_of(alarm, "clause", ""); !clause.empty())
          note += " (" + clause + ")";
        notes += paint(printable(note), Style::alert, options.color) + '\n';
      }
    }
    out = table.render(options.color);
    if (!notes.empty()) out += '\n' + notes;
  }
  if (hidden > 0)
    out += count_text(static_cast<std::int64_t>(hidden), "alarm", "alarms") +
           " shelved or out of service not shown (--all shows them)\n";
  return out;
}

std::string render_closed_alarms(const json& alarms, const RenderOptions& options,
                                 std::optional<std::size_t> limit) {
  if (!alarms.is_array() || alarms.empty()) return "no alarms closed in that time\n";
  Table table({{"CLOSED"},
               {"ALARM ID"},
               {"LEVEL"},
               {"POINT"},
               {"LOCATION"},
               {"PEAK", Align::right},
               {"LIMIT", Align::right},
               {"UNIT"},
               {"RAISED"},
               {"LASTED", Align::right},
               {"ACKED BY"}});
  for (const auto& alarm : alarms) {
    const auto closed = time_of(alarm, "closed_at");
    const auto raised = time_of(alarm, "raised_at");
    const auto lasted = number_of(alarm, "duration_s");
    std::string level = text_of(alarm, "level");
    if (flag_of(alarm, "major_hazard")) level += " (major hazard)";
    table.add_row(
        {closed ? format_clock_time(*closed, options.utc) : "-", text_of(alarm, "alarm_id"),
         Cell(level, level_style(alarm)), text_of(alarm, "point"), text_of(alarm, "location"),
         number_or_dash(alarm, "peak"), number_or_dash(alarm, "threshold"),
         text_of(alarm, "unit", ""), raised ? format_clock_time(*raised, options.utc) : "-",
         lasted ? format_uptime(Millis{static_cast<std::int64_t>(*lasted * 1000)}) : "-",
         text_of(alarm, "acked_by")});
  }
  std::string out = table.render(options.color);
  if (limit && alarms.size() >= *limit)
    out += "only the " + std::to_string(*limit) +
           " most recently closed are shown (--limit shows more)\n";
  return out;
}

}  // namespace sw::console
