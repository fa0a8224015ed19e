// SPDX-License-Identifier: Apache-2.0
#pragma once
// An rtsp:// URL as cameras are configured: rtsp://[user[:password]@]host[:port][/path][?query].
// The credentials are split off at once: requests and every printed form carry the URL without
// them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw::rtsp {

struct RtspUrl {
  std::string host;          // as written, without the brackets of an IPv6 literal
  std::uint16_t port = 554;  // RFC 2326 §3.2: the default RTSP port
  bool explicit_port = false;
  std::string path_and_query = "/";
  std::string username;  // percent-decoded (cameras' passwords often need %40 for '@')
  std::string password;

  bool has_credentials() const { return !username.empty(); }
  // The Request-URI of every request, and the only form ever printed: no user, no password.
  std::string request_uri() const;
};

// Parses `text`; nullopt with `problem` set on anything that is not an rtsp URL. `problem` never
// quotes the input (it may hold a password).
std::optional<RtspUrl> parse_rtsp_url(std::string_view text, std::string* problem = nullptr);

// Removes the "user:password@" part of every URL found in `text` ("scheme://user:pw@host/..." →
// "scheme://host/..."), for anything that is printed.
std::string redact_url_credentials(std::string_view text);

}  // namespace sw::rtsp
