// SPDX-License-Identifier: Apache-2.0
// What an action answers: ack, shelve, unshelve, reload.
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

using nlohmann::json;

std::string render_alarm_action(std::string_view verb, const json& result,
                                const RenderOptions& options) {
  std::string text = std::string(verb) + " " + text_of(result, "alarm_id");
  if (const auto state = text_of(result, "state", ""); !state.empty())
    text += ": now " + short_state(state);
  if (const auto until = time_of(result, "shelved_until"))
    text += " until " + format_clock_time(*until, options.utc);
  return printable(text) + '\n';
}

std::string render_reload(const json& result, const RenderOptions& options) {
  const std::string message = text_of(result, "message", "");
  if (flag_of(result, "ok"))
    return printable("reloaded" + (message.empty() ? "" : ": " + message)) + '\n';
  return paint(printable("reload refused" + (message.empty() ? "" : ": " + message) +
                         "; the running configuration stays in force"),
               Style::alert, options.color) +
         '\n';
}

}  // namespace sw::console
