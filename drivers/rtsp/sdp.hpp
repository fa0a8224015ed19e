// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a camera's session description says about its video (RFC 8866 SDP, RFC 3551 payload types):
// whether there is a video stream, and its codec.
#include <optional>
#include <string>
#include <string_view>

namespace sw::rtsp {

struct SdpSummary {
  bool has_video = false;
  // Encoding name of the first video format, upper-case as registered: "H264", "H265", "JPEG",
  // "VP8", "MP4V-ES". Empty when the SDP names none (a dynamic payload type without a=rtpmap).
  std::string codec;
  int payload_type = -1;  // of that format; -1 when not a number (non-RTP transports)
  int video_streams = 0;
  int audio_streams = 0;
};

// Parses an SDP body; nullopt with `problem` when it is not an SDP at all (empty, no "v=" line).
// Anything else is read leniently: unknown lines are skipped, CRLF or LF line ends.
std::optional<SdpSummary> parse_sdp(std::string_view text, std::string* problem = nullptr);

}  // namespace sw::rtsp
