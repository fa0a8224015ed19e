// SPDX-License-Identifier: Apache-2.0
// What cameras describe: video or not, and its codec.
#include <catch2/catch.hpp>

#include "drivers/rtsp/sdp.hpp"

using namespace sw::rtsp;

TEST_CASE("a Hikvision H.264 + audio description") {
  const std::string sdp =
      "v=0\r\n"
      "o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64\r\n"
      "s=Media Presentation\r\n"
      "e=NONE\r\n"
      "b=AS:5050\r\n"
      "t=0 0\r\n"
      "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast\r\n"
      "m=video 0 RTP/AVP 96\r\n"
      "c=IN IP4 0.0.0.0\r\n"
      "b=AS:5000\r\n"
      "a=recvonly\r\n"
      "a=x-dimensions:1920,1080\r\n"
      "a=control:trackID=1\r\n"
      "a=rtpmap:96 H264/90000\r\n"
      "a=fmtp:96 profile-level-id=420029; packetization-mode=1\r\n"
      "m=audio 0 RTP/AVP 8\r\n"
      "a=rtpmap:8 PCMA/8000\r\n";
  auto s = parse_sdp(sdp);
  REQUIRE(s);
  CHECK(s->has_video);
  CHECK(s->codec == "H264");
  CHECK(s->payload_type == 96);
  CHECK(s->video_streams == 1);
  CHECK(s->audio_streams == 1);
}

TEST_CASE("an H.265 stream with LF line ends and lower-case encoding name") {
  auto s = parse_sdp("v=0\nm=video 0 RTP/AVP 98\na=rtpmap:98 h265/90000\n");
  REQUIRE(s);
  CHECK(s->codec == "H265");
}

TEST_CASE("a static payload type needs no rtpmap: 26 is JPEG (RFC 3551)") {
  auto s = parse_sdp("v=0\r\nm=video 0 RTP/AVP 26\r\n");
  REQUIRE(s);
  CHECK(s->has_video);
  CHECK(s->codec == "JPEG");
}

TEST_CASE("an audio-only description has no video") {
  auto s = parse_sdp("v=0\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 L16/8000/1\r\n");
  REQUIRE(s);
  CHECK_FALSE(s->has_video);
  CHECK(s->codec.empty());
  CHECK(s->audio_streams == 1);
}

TEST_CASE("the codec comes from the first video stream's first format only") {
  auto s = parse_sdp(
      "v=0\r\n"
      "a=rtpmap:96 MP2T/90000\r\n"  // session level: not a media's format
      "m=audio 0 RTP/AVP 96\r\na=rtpmap:96 MPEG4-GENERIC/16000\r\n"
      "m=video 0 RTP/AVP 97 98\r\na=rtpmap:98 H264/90000\r\na=rtpmap:97 H265/90000\r\n"
      "m=video 0 RTP/AVP 99\r\na=rtpmap:99 JPEG/90000\r\n");
  REQUIRE(s);
  CHECK(s->codec == "H265");
  CHECK(s->video_streams == 2);
}

TEST_CASE("a dynamic payload type without rtpmap: video, codec unknown") {
  auto s = parse_sdp("v=0\r\nm=video 0 RTP/AVP 96\r\n");
  REQUIRE(s);
  CHECK(s->has_video);
  CHECK(s->codec.empty());
}

TEST_CASE("a hostile encoding name is not echoed") {
  auto s = parse_sdp("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264\x1b[31m/90000\r\n");
  REQUIRE(s);
  CHECK(s->codec.empty());
  auto long_name =
      parse_sdp("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 " + std::string(200, 'A') + "/90000\n");
  REQUIRE(long_name);
  CHECK(long_name->codec.empty());
}

TEST_CASE("what is not an SDP is refused") {
  std::string problem;
  CHECK_FALSE(parse_sdp("", &problem));
  CHECK_THAT(problem, Catch::Contains("not an SDP"));
  CHECK_FALSE(parse_sdp("<html>hello</html>"));
  CHECK_FALSE(parse_sdp("m=video 0 RTP/AVP 96\r\n"));
}

TEST_CASE("truncated and odd lines do not crash") {
  for (const char* odd :
       {"v=0\r\nm=\r\n", "v=0\r\nm=video\r\n", "v=0\r\nm=video 0\r\na=rtpmap:\r\n",
        "v=0\r\nm=video 0 RTP/AVP\r\na=rtpmap:96\r\n", "v=0\r\n=\r\nx\r\n\r\n"}) {
    CAPTURE(odd);
    CHECK(parse_sdp(odd));
  }
}
