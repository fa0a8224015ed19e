// SPDX-License-Identifier: Apache-2.0
// The 隐患台账 on the console: the list of records, one record with its steps, what a step answers.
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

// Open ones stand out, overdue ones most; closed ones recede.
Style hazard_state_style(const json& record) {
  if (flag_of(record, "overdue")) return Style::alert;
  const std::string state = text_of(record, "state", "");
  if (state == "open") return Style::red;
  if (state == "rectifying") return Style::yellow;
  if (state == "closed") return Style::dim;
  return Style::plain;
}

std::string time_text(const json& object, std::string_view key, const RenderOptions& options) {
  const auto t = time_of(object, key);
  return t ? format_clock_time(*t, options.utc) : "-";
}

std::string signature_text(const json& record, std::string_view key, const RenderOptions& options) {
  const json& s = object_of(record, key);
  if (s.empty()) return "-";
  return text_of(s, "by") + ", " + time_text(s, "at", options) + ": " + text_of(s, "note", "");
}

}  // namespace

std::string render_hazards(const json& records, const RenderOptions& options) {
  if (!records.is_array() || records.empty()) return "no hazard records\n";
  Table table({{"ID", Align::right},
               {"STATE"},
               {"SOURCE"},
               {"CATEGORY"},
               {"POINT"},
               {"OPENED"},
               {"AGE", Align::right},
               {"DEADLINE"},
               {"RESPONSIBLE"}});
  for (const auto& r : records) {
    const auto opened = time_of(r, "opened_at");
    std::string deadline = text_of(r, "deadline");
    if (flag_of(r, "overdue")) deadline += " OVERDUE";
    std::string source = text_of(r, "source");
    if (flag_of(r, "supervised")) source += " 督办";
    table.add_row(
        {text_of(r, "id"), Cell(text_of(r, "state"), hazard_state_style(r)), source,
         text_of(r, "category"), text_of(r, "point"),
         opened ? format_clock_time(*opened, options.utc) : "-",
         opened ? format_age(std::chrono::duration_cast<Millis>(options.now - *opened)) : "-",
         Cell(deadline, flag_of(r, "overdue") ? Style::alert : Style::plain),
         text_of(object_of(r, "plan"), "responsible")});
  }
  return table.render(options.color);
}

std::string render_hazard(const json& r, const RenderOptions& options) {
  std::vector<std::pair<std::string, Cell>> fields{
      {"Hazard", text_of(r, "id")},
      {"State", Cell(text_of(r, "state"), hazard_state_style(r))},
      {"Source", text_of(r, "source") + (flag_of(r, "supervised") ? " (挂牌督办)" : "")},
      {"Category", text_of(r, "category")},
      {"Clause", text_of(r, "clause")},
      {"Description", text_of(r, "description")},
      {"Point", text_of(r, "point")},
      {"Alarm", text_of(r, "alarm_id")},
      {"Values", "first " + text_of(r, "first_value") + ", worst " + text_of(r, "worst_value")},
      {"Opened", time_text(r, "opened_at", options)}};
  if (const json& plan = object_of(r, "plan"); !plan.empty()) {
    fields.emplace_back("Responsible", text_of(plan, "responsible"));
    fields.emplace_back("Measures", text_of(plan, "measures"));
    fields.emplace_back("Funds", text_of(plan, "funds"));
    fields.emplace_back("Deadline",
                        Cell(text_of(plan, "deadline") + (flag_of(r, "overdue") ? " OVERDUE" : ""),
                             flag_of(r, "overdue") ? Style::alert : Style::plain));
    fields.emplace_back("Contingency", text_of(plan, "contingency"));
  }
  fields.emplace_back("Rectified", signature_text(r, "rectified", options));
  fields.emplace_back("Closed", signature_text(r, "closed", options));
  std::string out = render_fields(fields, options.color);
  const json& steps = array_of(r, "steps");
  if (!steps.empty()) {
    Table table({{"STEP", Align::right}, {"TIME"}, {"ACTION"}, {"BY"}, {"PEER"}, {"NOTE"}});
    for (const auto& s : steps)
      table.add_row({text_of(s, "step_seq"), time_text(s, "time", options), text_of(s, "action"),
                     text_of(s, "by"), text_of(s, "peer"), text_of(s, "note", "")});
    out += '\n' + table.render(options.color);
  }
  if (const json& chain = object_of(r, "chain"); !chain.empty()) {
    if (flag_of(chain, "intact"))
      out += "\nchain: intact (" + text_of(chain, "steps") + " steps of all records)\n";
    else
      out += '\n' +
             paint(printable("chain: BROKEN: " + text_of(chain, "problem")), Style::alert,
                   options.color) +
             '\n';
  }
  return out;
}

std::string render_hazard_step(std::string_view verb, const json& r,
                               const RenderOptions& /*options*/) {
  std::string text =
      "hazard " + text_of(r, "id") + " " + std::string(verb) + ": now " + text_of(r, "state");
  if (const auto deadline = text_of(r, "deadline", ""); !deadline.empty())
    text += ", deadline " + deadline;
  return printable(text) + '\n';
}

}  // namespace sw::console
