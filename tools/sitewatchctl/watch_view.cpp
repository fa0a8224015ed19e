// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

std::string render_watch(const nlohmann::json& status, const nlohmann::json& alarms,
                         std::size_t hidden, Millis interval, const RenderOptions& options) {
  const std::string title = "sitewatch " + text_of(status, "gateway_id") + " at " +
                            format_clock_time(options.now, options.utc) + " (every " +
                            format_duration(interval) + "; Ctrl-C stops)";
  return paint(printable(title), Style::bold, options.color) + "\n\n" +
         render_status(status, options) + '\n' + render_alarms(alarms, options, hidden);
}

}  // namespace sw::console
