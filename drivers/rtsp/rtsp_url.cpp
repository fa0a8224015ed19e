// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/rtsp_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sw::rtsp {

namespace {

bool set_problem(std::string* problem, std::string text) {
  if (problem != nullptr) *problem = std::move(text);
  return false;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    const int hi = hex_value(in[i + 1]);
    const int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool has_control_or_space(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  return false;
}

bool starts_with_scheme(std::string_view text, std::string_view scheme) {
  if (text.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != scheme[i]) return false;
  return true;
}

}  // namespace

std::string RtspUrl::request_uri() const {
  std::string out = "rtsp://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (explicit_port) out += ":" + std::to_string(port);
  out += path_and_query;
  return out;
}

std::optional<RtspUrl> parse_rtsp_url(std::string_view text, std::string* problem) {
  constexpr std::string_view scheme = "rtsp://";
  if (!starts_with_scheme(text, scheme)) {
    set_problem(problem, starts_with_scheme(text, "rtsps://")
                             ? "rtsps (RTSP over TLS) is not supported; use rtsp://"
                             : "expected rtsp://[user[:password]@]host[:port]/path");
    return std::nullopt;
  }
  if (has_control_or_space(text)) {
    set_problem(problem, "the URL contains spaces or control characters");
    return std::nullopt;
  }
  std::string_view rest = text.substr(scheme.size());
  const std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  if (const std::size_t hash = path.find('#'); hash != std::string_view::npos)
    path = path.substr(0, hash);  // a fragment is never sent (RFC 3986 §3.5)

  RtspUrl url;
  // The last '@' ends the userinfo: a password may contain an unencoded '@' in sloppy configs.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    auto pass = colon == std::string_view::npos ? std::optional<std::string>{""}
                                                : percent_decode(userinfo.substr(colon + 1));
    if (!user || !pass) {
      set_problem(problem, "bad percent-encoding in the URL's user or password");
      return std::nullopt;
    }
    if (user->empty()) {
      set_problem(problem, "the URL has '@' but no user name before it");
      return std::nullopt;
    }
    url.username = std::move(*user);
    url.password = std::move(*pass);
  }

  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      set_problem(problem, "unterminated IPv6 literal in the URL");
      return std::nullopt;
    }
    url.host = std::string(authority.substr(1, close - 1));
    // An IPv6 address (hex digits, ':' and '.' for an embedded IPv4), nothing else: "[[{]" is
    // not one, and could not be written back into a request URI (fuzz finding).
    const bool ipv6_chars =
        !url.host.empty() && url.host.find(':') != std::string::npos &&
        std::all_of(url.host.begin(), url.host.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
        });
    if (!ipv6_chars) {
      set_problem(problem, "expected an IPv6 address between [ and ] in the URL");
      return std::nullopt;
    }
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        set_problem(problem, "unexpected text after the IPv6 literal in the URL");
        return std::nullopt;
      }
      port_text = after.substr(1);
      url.explicit_port = true;
    }
  } else {
    const std::size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      url.explicit_port = true;
    }
  }
  if (url.host.empty()) {
    set_problem(problem, "the URL has no host");
    return std::nullopt;
  }
  if (url.explicit_port) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() ||
        value == 0 || value > 65535) {
      set_problem(problem, "the URL's port must be a number 1..65535");
      return std::nullopt;
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  if (url.username.empty() && path.find('@') != std::string_view::npos) {
    // Most likely a password with an unencoded '/' split the userinfo into the path: refuse it
    // rather than send (and print) part of a password as the path.
    set_problem(problem, "'@' after the host: write a '/' in a password as %2F");
    return std::nullopt;
  }
  url.path_and_query = path.empty() ? "/" : std::string(path);
  if (url.path_and_query.front() == '?') url.path_and_query.insert(0, "/");
  return url;
}

std::string redact_url_credentials(std::string_view text) {
  // Deliberately greedy: the userinfo is taken to end at the last '@' before the URL ends (at a
  // space, quote or bracket), so a password with an unencoded '/' is still removed. A path that
  // really contains '@' is over-redacted, which is harmless in a log line.
  const auto ends_url = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '<' ||
           c == '>';
  };
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t sep = text.find("://", pos);
    if (sep == std::string_view::npos) break;
    const std::size_t begin = sep + 3;
    out.append(text.substr(pos, begin - pos));
    std::size_t end = begin;
    while (end < text.size() && !ends_url(text[end])) ++end;
    const std::string_view url_rest = text.substr(begin, end - begin);
    const std::size_t at = url_rest.rfind('@');
    out.append(at == std::string_view::npos ? url_rest : url_rest.substr(at + 1));
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace sw::rtsp
