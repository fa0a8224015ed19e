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
  const std::string_view kept = text.substr(0, max_bytes);
  std::string out;
  out.reserve(kept.size() + 8);
  for (const char c : kept) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (is_control(c)) {
          out += "\\x";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace sw
