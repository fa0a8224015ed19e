// SPDX-License-Identifier: Apache-2.0
// The monthly 调度表 (附件3, 总体情况) rows of this gateway: a table for people, CSV for the
// spreadsheet the district collects.
#include <array>
#include <utility>

#include "sitewatchctl/json_fields.hpp"
#include "sitewatchctl/table.hpp"
#include "sitewatchctl/text_width.hpp"
#include "sitewatchctl/views.hpp"

namespace sw::console {

namespace {

using nlohmann::json;

// The 调度表's rows, in its order, with the names the JSON uses.
constexpr std::array<std::pair<const char*, const char*>, 6> kRows{{
    {"self_found", "企业自查发现的重大事故隐患"},
    {"self_rectified", "  其中已完成整改"},
    {"department_found", "部门检查发现"},
    {"department_rectified", "  其中已完成整改"},
    {"supervised", "政府挂牌督办"},
    {"supervised_rectified", "  其中已完成整改"},
}};

std::string count_text_of(const json& counts, const char* key) {
  const auto n = count_of(counts, key);
  return n ? std::to_string(*n) : "-";
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_row(const std::string& scope, const std::string& category,
                    const std::string& clause, const json& counts) {
  std::string line = csv_field(scope) + ',' + csv_field(category) + ',' + csv_field(clause);
  for (const auto& [key, title] : kRows) line += ',' + count_text_of(counts, key);
  return line + "\r\n";
}

}  // namespace

std::string render_report(const json& report, const RenderOptions& options) {
  std::string out =
      printable("调度表 " + text_of(report, "period") + " — " + text_of(report, "enterprise") +
                " / " + text_of(report, "gateway") + ", cumulative " +
                (report.contains("since") && report["since"].is_string()
                     ? "since " + text_of(report, "since")
                     : std::string("since the first record"))) +
      "\n\n";
  Table totals({{""}, {"MONTH", Align::right}, {"CUMULATIVE", Align::right}, {"FIELD"}});
  for (const auto& [key, title] : kRows)
    totals.add_row({title, count_text_of(object_of(report, "month"), key),
                    count_text_of(object_of(report, "cumulative"), key), Cell(key, Style::dim)});
  out += totals.render(options.color);
  const json& rows = array_of(report, "by_clause");
  if (rows.empty()) return out;
  // month / cumulative in each cell
  Table by({{"CATEGORY"},
            {"CLAUSE"},
            {"SELF", Align::right},
            {"RECT", Align::right},
            {"DEPT", Align::right},
            {"RECT", Align::right},
            {"SUPERVISED", Align::right},
            {"RECT", Align::right}});
  for (const auto& r : rows) {
    std::vector<Cell> cells{text_of(r, "category"), text_of(r, "clause")};
    for (const auto& [key, title] : kRows)
      cells.emplace_back(count_text_of(object_of(r, "month"), key) + "/" +
                         count_text_of(object_of(r, "cumulative"), key));
    by.add_row(std::move(cells));
  }
  out += "\nby category and clause (month/cumulative):\n" + by.render(options.color);
  return out;
}

std::string render_report_csv(const json& report) {
  std::string out = "scope,category,clause";
  for (const auto& [key, title] : kRows) out += std::string(",") + key;
  out += "\r\n";
  out += csv_row("month", "", "", object_of(report, "month"));
  out += csv_row("cumulative", "", "", object_of(report, "cumulative"));
  for (const auto& r : array_of(report, "by_clause")) {
    out += csv_row("month", text_of(r, "category", ""), text_of(r, "clause", ""),
                   object_of(r, "month"));
    out += csv_row("cumulative", text_of(r, "category", ""), text_of(r, "clause", ""),
                   object_of(r, "cumulative"));
  }
  return out;
}

}  // namespace sw::console
