// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl points --limits`: each point's effective levels, one row per level, with where the
// level comes from (its profile as is, the profile changed by the point, or the site's own).
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

std::string with_unit(const json& level, std::string_view key, const std::string& unit) {
  const auto v = number_of(level, key);
  if (!v) return "-";
  return format_number(*v) + (unit.empty() ? "" : " " + unit);
}

std::string delays(const json& level) {
  const auto on = number_of(level, "on_delay_ms").value_or(0);
  const auto off = number_of(level, "off_delay_ms").value_or(0);
  if (on == 0 && off == 0) return "-";
  return format_duration(Millis{static_cast<Millis::rep>(on)}) + "/" +
         format_duration(Millis{static_cast<Millis::rep>(off)});
}

}  // namespace

std::string render_limits(const json& points, const RenderOptions& options) {
  if (!points.is_array() || points.empty()) return "no points\n";
  Table table({{"POINT"},
               {"PROFILE"},
               {"LEVEL"},
               {"TRIPS", Align::right},
               {"RESTORES", Align::right},
               {"ON/OFF DELAY"},
               {"PRIO", Align::right},
               {"CUTS"},
               {"FROM"},
               {"CLAUSE"}});
  for (const auto& point : points) {
    const std::string id = text_of(point, "id");
    const std::string unit = text_of(point, "unit", "");
    const std::string profile = text_of(point, "profile", "");
    const json levels = point.contains("levels") ? point["levels"] : json::array();
    if (!levels.is_array() || levels.empty()) {
      table.add_row({id, profile.empty() ? "-" : profile, "-"});
      continue;
    }
    for (const auto& l : levels) {
      const bool above = text_of(l, "direction", "above") == "above";
      const std::string origin = text_of(l, "origin", "");
      table.add_row({id, profile.empty() ? "-" : profile, text_of(l, "level"),
                     (above ? "≥ " : "< ") + with_unit(l, "threshold", unit),
                     (above ? "< " : "≥ ") + with_unit(l, "restore", unit), delays(l),
                     text_of(l, "priority"), l.value("cuts_power", false) ? "yes" : "-",
                     origin == "profile" ? Cell(origin) : Cell(origin, Style::yellow),
                     text_of(l, "clause", "")});
    }
  }
  return table.render(options.color);
}

}  // namespace sw::console
