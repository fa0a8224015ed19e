// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/text_sanitizer.hpp"

#include <algorithm>

#include "drivers/rtsp/rtsp_url.hpp"

namespace sw::rtsp {

TextSanitizer::TextSanitizer(std::vector<std::string> secrets) {
  for (auto& s : secrets)
    if (s.size() >= 3) secrets_.push_back(std::move(s));
}

std::string TextSanitizer::clean(std::string_view text) const {
  std::string out = redact_url_credentials(text);
  for (const auto& secret : secrets_) {
    for (std::size_t pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + 3))
      out.replace(pos, secret.size(), "***");
  }
  return out;
}

std::string TextSanitizer::quote_device(std::string_view text, std::size_t max_length) const {
  // Secrets are removed before cutting, so a cut can never leave half a password behind; the
  // first cut only bounds the work on a hostile answer.
  constexpr std::size_t kMaxScan = 4096;
  const std::string cleaned = clean(text.substr(0, std::min(text.size(), kMaxScan)));
  std::string out;
  out.reserve(std::min(cleaned.size(), max_length) + 3);
  for (char c : cleaned) {
    if (out.size() == max_length) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace sw::rtsp
