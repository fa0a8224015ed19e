// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text that reaches logs, errors, device_status or samples passes through here: URL credentials and
// the camera's own secrets are removed, device-quoted text loses control characters (no log
// injection) and is bounded in length.
#include <string>
#include <string_view>
#include <vector>

namespace sw::rtsp {

class TextSanitizer {
 public:
  TextSanitizer() = default;
  // `secrets` are removed wherever they appear verbatim (the configured password, and the
  // user:password pair). Secrets shorter than 3 characters are only caught inside URLs: replacing
  // every "a" in a message would make it unreadable without protecting anything.
  explicit TextSanitizer(std::vector<std::string> secrets);

  std::string clean(std::string_view text) const;
  // A device's own words (a status reason phrase, the start of a malformed answer): cleaned,
  // printable ASCII only, at most `max_length` characters.
  std::string quote_device(std::string_view text, std::size_t max_length = 80) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace sw::rtsp
