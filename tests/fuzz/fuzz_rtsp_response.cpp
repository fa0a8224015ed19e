// SPDX-License-Identifier: Apache-2.0
// A camera's answer, as the RTSP client reads it: ResponseParser fed in pieces as a socket would
// deliver them, then the WWW-Authenticate challenges and the SDP body it goes on to read, and the
// sanitizer that quotes the camera's words into logs. Whatever answers on a camera's port must not
// crash the gateway, grow it without bound, or read differently depending on how TCP cut it up.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "drivers/rtsp/auth_challenge.hpp"
#include "drivers/rtsp/rtsp_response.hpp"
#include "drivers/rtsp/sdp.hpp"
#include "drivers/rtsp/text_sanitizer.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace sw::rtsp;

bool same(const RtspResponse& a, const RtspResponse& b) {
  return a.status == b.status && a.version_major == b.version_major &&
         a.version_minor == b.version_minor && a.reason == b.reason && a.headers == b.headers &&
         a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

// Input: one byte of piece size (1..32 bytes per feed), then the bytes from the camera.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  ResponseLimits limits;
  limits.max_header_bytes = 2048;  // smaller than the driver's, so the fuzzer reaches the limits
  limits.max_headers = 16;
  limits.max_body_bytes = 1024;

  ResponseParser whole(limits);
  whole.feed(bytes);
  ResponseParser pieces(limits);
  for (std::size_t at = 0; at < bytes.size() && pieces.state() == ResponseParser::State::need_more;
       at += piece)
    pieces.feed(bytes.substr(at, piece));

  FUZZ_CHECK(whole.state() == pieces.state(), "the verdict depends on how the bytes arrived");
  const TextSanitizer sanitizer({"secret-password"});
  if (whole.state() == ResponseParser::State::error) {
    FUZZ_CHECK(!whole.error().empty(), "an error without a reason");
    const std::string quoted = sanitizer.quote_device(whole.head());
    FUZZ_CHECK(quoted.size() <= 80 + 3, "a quote longer than its bound");
    for (char c : quoted)
      FUZZ_CHECK(c >= 0x20 && c < 0x7f, "a quote with a control or non-ASCII character");
    return 0;
  }
  if (whole.state() != ResponseParser::State::complete) return 0;

  const RtspResponse& r = whole.response();
  FUZZ_CHECK(same(r, pieces.response()), "the response depends on how the bytes arrived");
  FUZZ_CHECK(whole.leftover().substr(0, pieces.leftover().size()) == pieces.leftover(),
             "leftover bytes that are not the rest of the stream");
  FUZZ_CHECK(r.status >= 100 && r.status <= 999, "a status code out of range");
  FUZZ_CHECK(r.headers.size() <= limits.max_headers, "more headers than the limit");
  FUZZ_CHECK(r.body.size() <= limits.max_body_bytes, "a body larger than the limit");

  (void)sanitizer.quote_device(r.reason);
  std::vector<AuthChallenge> challenges;
  for (const auto value : r.headers_named("WWW-Authenticate"))
    parse_www_authenticate(value, challenges);
  for (const auto& c : challenges) {
    FUZZ_CHECK(std::none_of(c.scheme.begin(), c.scheme.end(),
                            [](char ch) { return ch >= 'A' && ch <= 'Z'; }),
               "a scheme not in lower case");
  }
  std::string problem;
  if (const auto sdp = parse_sdp(r.body, &problem)) {
    FUZZ_CHECK(sdp->video_streams >= 0 && sdp->audio_streams >= 0, "negative stream counts");
    FUZZ_CHECK(sdp->has_video == (sdp->video_streams > 0), "has_video disagrees with the count");
  } else {
    FUZZ_CHECK(!problem.empty(), "an SDP refused without a reason");
  }
  return 0;
}
