// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

// A value is shown only with good quality: a failed read must never look like a real reading.
Cell value_cell(const json& point, bool good) {
  if (!good) return "-";
  if (const auto text = text_of(point, "text", ""); !text.empty()) return text;
  const auto value = number_of(point, "value");
  return value ? format_number(*value) : "-";
}

// The active level, and alarms of the point taken out of service: "OOS", or "OOS too long" once
// one of them has raised its `masked` reminder (a point out of service is 屏蔽).
Cell alarm_cell(const json& point) {
  const std::string level = text_of(point, "active_level", "");
  const std::string rule = text_of(point, "active_rule", "");
  std::string text = level.empty() ? "" : (rule.empty() ? level : level + " (" + rule + ")");
  const auto hidden = point.find("out_of_service");
  if (hidden != point.end() && hidden->is_array() && !hidden->empty()) {
    bool too_long = false;
    for (const auto& a : *hidden) too_long = too_long || flag_of(a, "too_long");
    text += std::string(text.empty() ? "" : "; ") + (too_long ? "OOS too long" : "OOS");
  }
  if (text.empty()) return "-";
  return {text, Style::alert};
}

}  // namespace

std::string render_points(const json& points, const RenderOptions& options) {
  if (!points.is_array() || points.empty()) return "no points\n";
  Table table({{"POINT"},
               {"VALUE", Align::right},
               {"UNIT"},
               {"QUALITY"},
               {"AGE", Align::right},
               {"ALARM"},
               {"REASON"}});
  for (const auto& point : points) {
    const std::string quality = text_of(point, "quality");
    const bool good = quality == "good";
    const auto age = number_of(point, "age_s");
    const std::string reason = text_of(point, "reason", "");
    table.add_row({text_of(point, "id"), value_cell(point, good), text_of(point, "unit", ""),
                   good ? Cell(quality) : Cell(quality, Style::yellow),
                   age ? format_age(Millis{static_cast<Millis::rep>(*age * 1000)}) : "-",
                   alarm_cell(point), reason.empty() ? "-" : "\"" + reason + "\""});
  }
  return table.render(options.color);
}

}  // namespace sw::console
