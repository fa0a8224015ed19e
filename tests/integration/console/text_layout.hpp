// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading sitewatchctl's tables as a person sees them: lines, and the terminal column at which a
// piece of text starts (CJK characters take two columns). Written here independently of the
// client's own width code, so an alignment check does not test that code against itself.
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sw::test {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// East Asian wide and fullwidth ranges that console text can contain (Chinese locations, names
// and clauses, fullwidth punctuation).
inline bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6);
}

// Terminal columns taken by UTF-8 `text`.
inline std::size_t columns_of(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (i + length > text.size()) length = 1;
    char32_t c = length == 1 ? b : b & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += is_wide(c) ? 2 : 1;
    i += length;
  }
  return width;
}

// The terminal column at which `needle` starts in `line`, nullopt when it is not there.
inline std::optional<std::size_t> column_of(const std::string& line, std::string_view needle) {
  const auto at = line.find(needle);
  if (at == std::string::npos) return std::nullopt;
  return columns_of(std::string_view(line).substr(0, at));
}

// The terminal column just after `needle` (where a right-aligned cell ends).
inline std::optional<std::size_t> end_column_of(const std::string& line, std::string_view needle) {
  const auto start = column_of(line, needle);
  if (!start) return std::nullopt;
  return *start + columns_of(needle);
}

// The first line that contains `needle`, or "" when none does.
inline std::string line_with(const std::string& text, std::string_view needle) {
  for (const auto& line : lines_of(text))
    if (line.find(needle) != std::string::npos) return line;
  return {};
}

// A table header's titles: the pieces separated by two or more spaces.
inline std::vector<std::string> titles_of(const std::string& header) {
  std::vector<std::string> out;
  std::size_t at = header.find_first_not_of(' ');
  while (at != std::string::npos) {
    const std::size_t gap = header.find("  ", at);
    out.push_back(header.substr(at, gap == std::string::npos ? std::string::npos : gap - at));
    at = gap == std::string::npos ? gap : header.find_first_not_of(' ', gap);
  }
  return out;
}

inline bool has_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos;
}

}  // namespace sw::test
