// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl probe` and `scan`: what a commissioning engineer reads to find a point's unit,
// address, type and byte order (shapes in docs/console.md "probe", "scan").
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

// Integers exactly; floats to the precision their type carries.
std::string decoded_text(const json& value, const std::string& type) {
  if (!value.is_number()) return "-";
  const double v = value.get<double>();
  if (type == "float32") return fmt::format("{:.7g}", v);
  if (type == "float64") return fmt::format("{:.15g}", v);
  return fmt::format("{:.0f}", v);
}

// "holding register", "discrete inputs", ...: what `count` values of `table` are called.
std::string table_noun(const std::string& table, std::int64_t count) {
  return table == "coil"       ? (count == 1 ? "coil" : "coils")
         : table == "discrete" ? (count == 1 ? "discrete input" : "discrete inputs")
                               : table + (count == 1 ? " register" : " registers");
}

std::string what_was_read(const json& r) {
  const std::string table = text_of(r, "table");
  const auto address = count_of(r, "address").value_or(0);
  const auto count = count_of(r, "count").value_or(1);
  const std::string noun = table_noun(table, count);
  const std::string range =
      count == 1 ? std::to_string(address)
                 : std::to_string(address) + "-" + std::to_string(address + count - 1);
  return fmt::format("bus {}, unit {}: {} {} (FC {})", text_of(r, "bus"), text_of(r, "unit"), noun,
                     range, text_of(r, "function"));
}

std::string decode_table(const json& r, const RenderOptions& options) {
  const auto& decodes = array_of(r, "decodes");
  if (decodes.empty()) return {};
  const std::string want_type = text_of(r, "type", "");
  const std::string want_order = text_of(r, "order", "");
  const double scale = number_of(r, "scale").value_or(1);
  const bool scaled = scale != 1;
  std::vector<std::string> orders;
  std::vector<std::string> types;
  std::map<std::pair<std::string, std::string>, json> cell;
  for (const auto& d : decodes) {
    const std::string type = text_of(d, "type"), order = text_of(d, "order");
    if (std::find(orders.begin(), orders.end(), order) == orders.end()) orders.push_back(order);
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    cell[{type, order}] = scaled ? d.value("scaled", json()) : d.value("value", json());
  }
  std::vector<Table::Column> columns{{"TYPE"}};
  for (const auto& o : orders) columns.push_back({o == want_order ? o + "*" : o, Align::right});
  Table table(columns);
  for (const auto& type : types) {
    std::vector<Cell> row{type == want_type ? Cell(type + "*", Style::bold) : Cell(type)};
    for (const auto& order : orders) {
      const bool chosen = (want_type.empty() || type == want_type) &&
                          (want_order.empty() || order == want_order) &&
                          !(want_type.empty() && want_order.empty());
      row.push_back(
          Cell(decoded_text(cell[{type, order}], type), chosen ? Style::green : Style::plain));
    }
    table.add_row(std::move(row));
  }
  std::string out = fmt::format("decoded from address {}{}:\n", text_of(r, "address"),
                                scaled ? " × " + format_number(scale, 6) : "");
  out += table.render(options.color);
  if (!want_type.empty() || !want_order.empty())
    out += "(* the type/order asked for; - no number: NaN or infinite)\n";
  return out;
}

}  // namespace

std::string render_probe(const json& r, const RenderOptions& options) {
  std::string out = what_was_read(r);
  if (!flag_of(r, "answered")) {
    return out + ": " +
           paint("no value: " + text_of(r, "error", "no answer"), Style::alert, options.color) +
           "\n";
  }
  out += fmt::format(", answered in {} ms\n",
                     format_number(number_of(r, "latency_ms").value_or(0), 2));
  const std::string table_name = text_of(r, "table");
  const bool bits = table_name == "coil" || table_name == "discrete";
  Table values(bits ? std::vector<Table::Column>{{"ADDRESS", Align::right}, {"VALUE", Align::right}}
                    : std::vector<Table::Column>{
                          {"ADDRESS", Align::right}, {"HEX"}, {"DECIMAL", Align::right}});
  for (const auto& v : array_of(r, "values")) {
    if (bits)
      values.add_row({text_of(v, "address"), text_of(v, "value")});
    else
      values.add_row({text_of(v, "address"), text_of(v, "hex"), text_of(v, "value")});
  }
  out += values.render(options.color);
  const std::string decoded = decode_table(r, options);
  if (!decoded.empty()) out += "\n" + decoded;
  const auto& chosen = r.contains("chosen") ? r["chosen"] : json();
  if (chosen.is_object()) {
    const std::string type = text_of(chosen, "type");
    out += fmt::format("chosen: {} {} = {}", type, text_of(chosen, "order"),
                       decoded_text(chosen.value("value", json()), type));
    const double scale = number_of(r, "scale").value_or(1);
    if (scale != 1)
      out += fmt::format(" × {} = {}", format_number(scale, 6),
                         decoded_text(chosen.value("scaled", json()), "float64"));
    out += "\n";
  }
  return out;
}

std::string scan_progress_line(const json& r) {
  return fmt::format("scanning {}: {} of {} units, {} answered", text_of(r, "bus"),
                     text_of(r, "scanned", "0"), text_of(r, "total"), array_of(r, "found").size());
}

std::string render_scan(const json& r, const RenderOptions& options) {
  const std::string state = text_of(r, "state");
  const auto& found = array_of(r, "found");
  // What each unit was asked, named only when it is not the default, holding register 0 (so the
  // usual scan reads as before, and a report without these fields as that default).
  const std::string asked_table = text_of(r, "table", "holding");
  const auto address = count_of(r, "address").value_or(0);
  std::string asked;
  if (asked_table != "holding" || address != 0)
    asked =
        fmt::format(" ({} {}, FC {})", table_noun(asked_table, 1), address, text_of(r, "function"));
  std::string out = fmt::format("bus {}: units {}-{}{}, {} of {} scanned, {} answered",
                                text_of(r, "bus"), text_of(r, "first"), text_of(r, "last"), asked,
                                text_of(r, "scanned", "0"), text_of(r, "total"), found.size());
  if (state != "done")
    out += " — " + paint(state + (r.value("error", json()).is_string()
                                      ? ": " + r["error"].get<std::string>()
                                      : std::string()),
                         Style::alert, options.color);
  out += "\n";
  if (found.empty()) return out;
  Table table({{"UNIT", Align::right}, {"REPLY"}, {"MS", Align::right}, {"DETAIL"}});
  for (const auto& f : found)
    table.add_row({text_of(f, "unit"),
                   text_of(f, "reply") == "garbled" ? Cell("garbled", Style::yellow)
                                                    : Cell(text_of(f, "reply")),
                   format_number(number_of(f, "latency_ms").value_or(0), 2), text_of(f, "detail")});
  return out + table.render(options.color);
}

}  // namespace sw::console
