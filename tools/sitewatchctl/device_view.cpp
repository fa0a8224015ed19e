// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

Cell errors_cell(const json& errors) {
  std::string text;
  for (const auto& [kind, n] : errors.items()) {
    if (!n.is_number() || n.get<std::int64_t>() == 0) continue;
    text += (text.empty() ? "" : ", ") + kind + " " + std::to_string(n.get<std::int64_t>());
  }
  if (text.empty()) return "-";
  return {text, Style::yellow};
}

std::string latency_text(const json& latency) {
  const auto last = number_of(latency, "last");
  const auto avg = number_of(latency, "avg");
  if (!last && !avg) return "-";
  return (last ? format_number(*last, 1) : "-") + "/" + (avg ? format_number(*avg, 1) : "-");
}

}  // namespace

std::string render_devices(const json& devices, const RenderOptions& options) {
  if (!devices.is_array() || devices.empty()) return "no devices\n";
  Table table({{"BUS"},
               {"DEVICE"},
               {"STATE"},
               {"LAST READ"},
               {"REQUESTS", Align::right},
               {"ERRORS"},
               {"LAST/AVG MS", Align::right},
               {"LAST ERROR"}});
  std::int64_t online = 0;
  for (const auto& device : devices) {
    const bool up = flag_of(device, "online");
    online += up ? 1 : 0;
    const auto last = time_of(device, "last_success");
    const std::string error = text_of(device, "last_error", "");
    table.add_row({text_of(device, "bus"), text_of(device, "device"),
                   up ? Cell("online", Style::green) : Cell("offline", Style::alert),
                   last ? age_since(*last, options.now) : "never", text_of(device, "requests", "0"),
                   errors_cell(object_of(device, "errors")),
                   latency_text(object_of(device, "latency_ms")),
                   error.empty() ? Cell("-") : Cell("\"" + error + "\"", Style::yellow)});
  }
  return table.render(options.color) + std::to_string(online) + " of " +
         count_text(static_cast<std::int64_t>(devices.size()), "device", "devices") + " online\n";
}

}  // namespace sw::console
