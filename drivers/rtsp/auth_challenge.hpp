// SPDX-License-Identifier: Apache-2.0
#pragma once
// WWW-Authenticate challenges (RFC 7235 §4.1, RFC 2617 §1.2): one header value may carry several
// challenges ("Basic realm=\"x\", Digest realm=\"y\", nonce=\"z\""), and a response may carry
// several headers. Cameras differ in spacing, quoting and case; parsing is lenient and never fails
// hard: what cannot be read is skipped.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sw::rtsp {

struct AuthChallenge {
  std::string scheme;                                       // lower-case: "basic", "digest", ...
  std::vector<std::pair<std::string, std::string>> params;  // names lower-case, values unquoted

  // The value of parameter `name` (lower-case), or nullptr.
  const std::string* param(std::string_view name) const;
};

// Parses one header value; appends every challenge found to `out`.
void parse_www_authenticate(std::string_view value, std::vector<AuthChallenge>& out);

}  // namespace sw::rtsp
