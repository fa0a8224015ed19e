// SPDX-License-Identifier: Apache-2.0
// A camera's session description on arbitrary text. The codec name it reports is echoed into
// samples and the console, so it must stay a short upper-case token, whatever the camera sent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/rtsp/sdp.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  const auto sdp = sw::rtsp::parse_sdp(text, &problem);
  if (!sdp) {
    FUZZ_CHECK(!problem.empty(), "refused without a reason");
    return 0;
  }
  FUZZ_CHECK(sdp->has_video == (sdp->video_streams > 0), "has_video disagrees with the count");
  FUZZ_CHECK(sdp->audio_streams >= 0, "a negative count");
  FUZZ_CHECK(sdp->codec.size() <= 32, "a codec name longer than a token");
  for (char c : sdp->codec)
    FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.',
               "a codec name with a character outside the token set, or in lower case");
  if (!sdp->has_video) FUZZ_CHECK(sdp->codec.empty(), "a codec without video");
  return 0;
}
