// SPDX-License-Identifier: Apache-2.0
#include "core/untrusted_text.hpp"

#include <algorithm>

namespace sw {

namespace {
bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}
}  // namespace

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), is_control);
}

std::optional<std::string> operator_name_problem(std::string_view name) {
  if (name.empty() || name.size() > kMaxOperatorNameBytes)
    return "expected 1.." + std::to_string(kMaxOperatorNameBytes) + " bytes, got " +
           std::to_string(name.size());
  if (has_control_characters(name)) return std::string("control characters are not allowed");
  return std::nullopt;
}

std::string escape_for_log(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    char piece[4] = {c};
    std::size_t length = 1;
    switch (c) {
      case '\n':
        piece[0] = '\\', piece[1] = 'n', length = 2;
        break;
      case '\r':
        piece[0] = '\\', piece[1] = 'r', length = 2;
        break;
      case '\t':
        piece[0] = '\\', piece[1] = 't', length = 2;
        break;
      case '\\':
        piece[0] = '\\', piece[1] = '\\', length = 2;
        break;
      default:
        if (is_control(c)) {
          piece[0] = '\\', piece[1] = 'x', piece[2] = kHex[u >> 4], piece[3] = kHex[u & 0xf];
          length = 4;
        }
    }
    // The limit is on what comes out: escapes grow the text up to fourfold, and a reply or a log
    // line must not. A cut never splits an escape or a UTF-8 character.
    if (out.size() + length > max_bytes) {
      const auto is_continuation = [](unsigned char b) { return (b & 0xc0) == 0x80; };
      if (is_continuation(u)) {  // mid-character: drop the part already copied
        while (!out.empty() && is_continuation(static_cast<unsigned char>(out.back())))
          out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xc0) out.pop_back();
      }
      out += "...";
      return out;
    }
    out.append(piece, length);
  }
  return out;
}

}  // namespace sw
