// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

std::string render_history(const nlohmann::json& samples, const RenderOptions& options,
                           std::optional<std::size_t> limit) {
  if (!samples.is_array() || samples.empty()) return "no samples in that time range\n";
  Table table({{"TIME"}, {"VALUE", Align::right}, {"QUALITY"}});
  for (const auto& sample : samples) {
    const std::string quality = text_of(sample, "quality");
    const bool good = quality == "good";
    const auto time = time_of(sample, "time");
    const auto value = number_of(sample, "value");
    // As in `points`: no value without good quality.
    table.add_row({time ? format_clock_time(*time, options.utc) : "-",
                   good && value ? format_number(*value) : "-",
                   good ? Cell(quality) : Cell(quality, Style::yellow)});
  }
  std::string out = table.render(options.color) +
                    count_text(static_cast<std::int64_t>(samples.size()), "sample", "samples");
  if (limit && samples.size() >= *limit)
    out += " (the limit; a larger --limit or a shorter range shows more)";
  return out + '\n';
}

}  // namespace sw::console
