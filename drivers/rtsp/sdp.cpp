// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/sdp.hpp"

#include <charconv>

#include "drivers/rtsp/ascii_text.hpp"

namespace sw::rtsp {

namespace {

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The next space-separated field of `s`, consuming it.
std::string_view next_field(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const std::size_t space = s.find(' ');
  const std::string_view field = s.substr(0, space);
  s = space == std::string_view::npos ? std::string_view{} : s.substr(space);
  return field;
}

// RFC 3551 §6 Table 5: static video payload types, which need no a=rtpmap line.
std::string static_video_codec(int pt) {
  switch (pt) {
    case 25:
      return "CELB";
    case 26:
      return "JPEG";
    case 28:
      return "NV";
    case 31:
      return "H261";
    case 32:
      return "MPV";
    case 33:
      return "MP2T";
    case 34:
      return "H263";
    default:
      return "";
  }
}

}  // namespace

std::optional<SdpSummary> parse_sdp(std::string_view text, std::string* problem) {
  SdpSummary out;
  bool saw_version = false;
  // The media section being read: 'v' for the first video one (the one we report), 'o' otherwise.
  char section = 's';
  std::string first_video_fmt;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2 || line[1] != '=') continue;
    const char type = line[0];
    std::string_view value = line.substr(2);
    if (type == 'v') {
      saw_version = true;
    } else if (type == 'm') {
      // m=<media> <port>[/<n>] <proto> <fmt> ...
      const std::string_view media = next_field(value);
      if (media == "video") {
        ++out.video_streams;
        section = out.has_video ? 'o' : 'v';
        if (!out.has_video) {
          out.has_video = true;
          next_field(value);  // port
          next_field(value);  // proto
          first_video_fmt = std::string(next_field(value));
          out.payload_type = to_int(first_video_fmt).value_or(-1);
          out.codec = static_video_codec(out.payload_type);
        }
      } else {
        if (media == "audio") ++out.audio_streams;
        section = 'o';
      }
    } else if (type == 'a' && section == 'v' && value.substr(0, 7) == "rtpmap:") {
      // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<parameters>]
      value.remove_prefix(7);
      const std::string_view pt = next_field(value);
      if (pt != first_video_fmt) continue;
      const std::string_view encoding = next_field(value);
      const std::string_view name = encoding.substr(0, encoding.find('/'));
      // An encoding name is a short token (RFC 4855 §3); anything else is not echoed.
      if (!name.empty() && name.size() <= 32 &&
          name.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
              std::string_view::npos)
        out.codec = to_upper(name);
    }
  }
  if (!saw_version) {
    if (problem != nullptr) *problem = "not an SDP (no v= line)";
    return std::nullopt;
  }
  return out;
}

}  // namespace sw::rtsp
