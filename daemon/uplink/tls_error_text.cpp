// SPDX-License-Identifier: Apache-2.0
#include "uplink/tls_error_text.hpp"

#include <vector>

namespace sw::uplink {

namespace {

std::string_view trim(std::string_view s) {
  const auto printable = [](char c) { return static_cast<unsigned char>(c) > 0x20; };
  while (!s.empty() && !printable(s.front())) s.remove_prefix(1);
  while (!s.empty() && !printable(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// OpenSSL 3: <thread>:error:<code>:<library>:<function>:<reason>:<file>:<line>:<data>
std::string readable(std::string_view line) {
  const auto f = split(line, ':');
  if (f.size() < 6 || f[1] != "error") return std::string(line);
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string out(f[5]);
  if (!f[4].empty()) out.append(" (").append(f[4]).append(")");
  if (f.size() >= 9) {
    std::string data;
    for (std::size_t i = 8; i < f.size(); ++i) {
      if (i > 8) data.push_back(':');
      data.append(f[i]);
    }
    if (!trim(data).empty()) out.append(": ").append(trim(data));
  }
  return out;
}

}  // namespace

std::string tls_error_text(std::string_view openssl_errors) {
  std::string out;
  for (const auto raw : split(openssl_errors, '\n')) {
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const std::string text = readable(line);
    if (out.find(text) != std::string::npos) continue;  // the queue often repeats itself
    if (!out.empty()) out.append("; ");
    out.append(text);
  }
  return out;
}

}  // namespace sw::uplink
