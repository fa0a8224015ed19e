// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/table.hpp"

#include <algorithm>

#include "sitewatchctl/text_width.hpp"

namespace sw::console {

namespace {

std::string_view ansi(Style style) {
  switch (style) {
    case Style::plain:
      return "";
    case Style::bold:
      return "\x1b[1m";
    case Style::dim:
      return "\x1b[2m";
    case Style::red:
      return "\x1b[31m";
    case Style::alert:
      return "\x1b[1;31m";
    case Style::yellow:
      return "\x1b[33m";
    case Style::green:
      return "\x1b[32m";
  }
  return "";
}

void pad(std::string& out, std::size_t columns) {
  out.append(columns, ' ');
}

void trim_right(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

}  // namespace

std::string paint(std::string_view text, Style style, bool color) {
  if (!color || style == Style::plain || text.empty()) return std::string(text);
  std::string out(ansi(style));
  out += text;
  out += "\x1b[0m";
  return out;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<Cell> cells) {
  cells.resize(columns_.size());
  for (auto& cell : cells) cell.text = printable(cell.text);
  rows_.push_back(std::move(cells));
}

std::string Table::render(bool color) const {
  std::vector<std::size_t> widths;
  for (const auto& column : columns_) widths.push_back(display_width(column.title));
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < columns_.size(); ++c)
      widths[c] = std::max(widths[c], display_width(row[c].text));

  const auto line = [&](const std::vector<Cell>& cells) {
    std::string out;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) out += "  ";
      const std::size_t gap = widths[c] - display_width(cells[c].text);
      if (columns_[c].align == Align::right) pad(out, gap);
      out += paint(cells[c].text, cells[c].style, color);
      if (columns_[c].align == Align::left) pad(out, gap);
    }
    trim_right(out);
    return out + '\n';
  };

  std::vector<Cell> header;
  for (const auto& column : columns_) header.emplace_back(column.title, Style::bold);
  std::string out = line(header);
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string render_fields(const std::vector<std::pair<std::string, Cell>>& fields, bool color) {
  std::size_t width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, display_width(label));
  std::string out;
  for (const auto& [label, value] : fields) {
    std::string line = label;
    pad(line, width - display_width(label));
    line += " : ";
    line += paint(printable(value.text), value.style, color);
    trim_right(line);
    out += line + '\n';
  }
  return out;
}

}  // namespace sw::console
