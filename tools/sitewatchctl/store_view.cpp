// SPDX-License-Identifier: Apache-2.0
// The store's views: the outbox (what waits for the platform) and the alarm ledger's verdict.
#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/time_text.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

using nlohmann::json;

namespace {

// The dead letters the daemon sent (the oldest few): what was refused and why.
std::string dead_letters_table(const json& dead, const RenderOptions& options) {
  if (dead.empty()) return {};
  Table table({{"LANE"}, {"SEQ", Align::right}, {"POINT"}, {"SET ASIDE"}, {"WHY"}});
  for (const auto& d : dead) {
    const auto set_aside = time_of(d, "set_aside");
    table.add_row({text_of(d, "lane"), text_of(d, "seq"), text_of(d, "point"),
                   set_aside ? format_clock_time(*set_aside, options.utc) : "-",
                   text_of(d, "reason")});
  }
  return "\nDead letters:\n" + table.render(options.color);
}

}  // namespace

std::string render_outbox(const json& outbox, const RenderOptions& options) {
  const std::string waiting = std::to_string(count_of(outbox, "depth").value_or(0)) + " (" +
                              lanes_text(object_of(outbox, "by_lane")) + ")";
  const auto oldest = time_of(outbox, "oldest");
  const auto dropped = count_of(outbox, "dropped_telemetry").value_or(0);
  const auto dead = count_of(outbox, "dead_letters").value_or(0);
  std::vector<std::pair<std::string, Cell>> fields{
      {"Waiting", waiting},
      {"Oldest", oldest ? format_clock_time(*oldest, options.utc) + " (" +
                              age_since(*oldest, options.now) + ")"
                        : "-"},
      {"Dropped", Cell(count_text(dropped, "telemetry message", "telemetry messages") +
                           " (shed when full; alarms are never dropped)",
                       dropped > 0 ? Style::yellow : Style::plain)}};
  // Only when there are some: the usual answer stays three lines.
  if (dead > 0)
    fields.emplace_back("Dead letters",
                        Cell(count_text(dead, "message", "messages") +
                                 " the broker kept refusing, set aside: mend the cause, then "
                                 "`sitewatchctl outbox --requeue`",
                             Style::alert));
  std::string out = render_fields(fields, options.color);
  out += dead_letters_table(array_of(outbox, "dead"), options);

  const json& next = array_of(outbox, "next");
  if (next.empty()) return out;
  Table table({{"LANE"}, {"SEQ", Align::right}, {"POINT"}, {"CREATED"}, {"MESSAGE ID"}});
  for (const auto& message : next) {
    const auto created = time_of(message, "created");
    table.add_row({text_of(message, "lane"), text_of(message, "seq"), text_of(message, "point"),
                   created ? format_clock_time(*created, options.utc) : "-",
                   text_of(message, "id")});
  }
  return out + "\nNext to leave:\n" + table.render(options.color);
}

std::string render_ledger(const json& verdict, const RenderOptions& options) {
  const auto records = count_of(verdict, "records").value_or(0);
  if (flag_of(verdict, "intact"))
    return paint("ledger intact: " + count_text(records, "record", "records") +
                     ", hash chain verified",
                 Style::green, options.color) +
           '\n';
  std::string text = "LEDGER NOT INTACT (" + count_text(records, "record", "records") + ")";
  if (const auto seq = count_of(verdict, "first_bad_seq"))
    text += ": first bad record " + std::to_string(*seq);
  if (const auto problem = text_of(verdict, "problem", ""); !problem.empty())
    text += ": " + problem;
  return paint(printable(text), Style::alert, options.color) + '\n' +
         "An edited or deleted exceedance record is a major accident hazard "
         "(煤矿重大事故隐患判定标准 第十八条(六)): report it.\n";
}

}  // namespace sw::console
