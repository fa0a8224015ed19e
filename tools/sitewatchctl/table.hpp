// SPDX-License-Identifier: Apache-2.0
#pragma once
// Aligned text for people: a table with a header row (like ps, ss, chronyc sources) and a block of
// "Label : value" lines (like chronyc tracking, systemctl status). Colour only when asked: the
// caller decides from the terminal and NO_COLOR. Cell text is made printable here, so nothing
// quoted from a device can drive the terminal.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sw::console {

enum class Style { plain, bold, dim, red, alert, yellow, green };  // alert: bold red

// `text` wrapped in the style's ANSI colour when `color`, else unchanged.
std::string paint(std::string_view text, Style style, bool color);

struct Cell {
  // Implicit from text, so a plain cell is just a string in a row.
  Cell(std::string content = {}, Style look = Style::plain)
      : text(std::move(content)), style(look) {}
  Cell(const char* content, Style look = Style::plain) : text(content), style(look) {}
  std::string text;
  Style style;
};

enum class Align { left, right };

class Table {
 public:
  struct Column {
    std::string title;
    Align align = Align::left;
  };
  explicit Table(std::vector<Column> columns);

  // Missing cells are blank; extra cells are ignored.
  void add_row(std::vector<Cell> cells);
  bool empty() const { return rows_.empty(); }
  std::size_t size() const { return rows_.size(); }

  // Columns two spaces apart, each as wide as its widest cell; no trailing spaces; one '\n' per
  // line, the header first (bold when `color`).
  std::string render(bool color) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// "Label : value" lines with the colons aligned.
std::string render_fields(const std::vector<std::pair<std::string, Cell>>& fields, bool color);

}  // namespace sw::console
