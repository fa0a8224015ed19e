// SPDX-License-Identifier: Apache-2.0
// What each probe outcome means on the camera's four points: the mapping the rules engine and
// the GB/T 28181 video-loss alarm rely on (README.md, "What the points say").
#include <catch2/catch.hpp>

#include "drivers/rtsp/camera_health.hpp"

using namespace sw;
using namespace sw::rtsp;

namespace {
const CameraPointIds kIds = CameraPointIds::with_prefix("gate1");

std::vector<Sample> samples_for(const ProbeResult& p) {
  std::vector<Sample> out;
  append_health_samples(kIds, p, WallClock::now(), out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].point == kIds.index.online);
  CHECK(out[1].point == kIds.index.response_ms);
  CHECK(out[2].point == kIds.index.video);
  CHECK(out[3].point == kIds.index.codec);
  return out;
}
}  // namespace

TEST_CASE("a camera describing a video stream: online, timed, video 1, codec named") {
  ProbeResult p;
  p.outcome = ProbeOutcome::described;
  p.response_ms = 12.5;
  p.sdp.has_video = true;
  p.sdp.codec = "H265";
  const auto s = samples_for(p);
  for (const auto& x : s) CHECK(x.quality == Quality::good);
  CHECK(s[0].value == 1);
  CHECK(s[1].value == 12.5);
  CHECK(s[2].value == 1);
  CHECK(s[3].text == "H265");
}

TEST_CASE("a camera whose SDP has no video: a good 0 on video, which is the video loss") {
  ProbeResult p;
  p.outcome = ProbeOutcome::described;
  p.response_ms = 3;
  const auto s = samples_for(p);
  CHECK(s[0].value == 1);
  CHECK(s[2].quality == Quality::good);
  CHECK(s[2].value == 0);
  CHECK(s[3].text == "none");
}

TEST_CASE("wrong password: online, but video unprovable — device_fault with the reason") {
  ProbeResult p;
  p.outcome = ProbeOutcome::auth_failed;
  p.reason = "authentication failed (401)";
  p.response_ms = 4;
  const auto s = samples_for(p);
  CHECK(s[0].quality == Quality::good);
  CHECK(s[0].value == 1);
  CHECK(s[1].quality == Quality::good);
  CHECK(s[2].quality == Quality::device_fault);
  CHECK(s[2].reason == "authentication failed (401)");
  CHECK(s[3].quality == Quality::device_fault);
}

TEST_CASE("RTSP error answers are device faults too") {
  ProbeResult p;
  p.outcome = ProbeOutcome::rtsp_error;
  p.reason = "DESCRIBE answered 404 Not Found";
  const auto s = samples_for(p);
  CHECK(s[0].value == 1);
  CHECK(s[2].quality == Quality::device_fault);
  CHECK(s[2].reason == "DESCRIBE answered 404 Not Found");
}

TEST_CASE("no RTSP answer: a known offline (good 0) and comm_loss on the rest") {
  ProbeResult p;
  p.outcome = ProbeOutcome::unreachable;
  p.reason = "connection refused (connect)";
  const auto s = samples_for(p);
  CHECK(s[0].quality == Quality::good);
  CHECK(s[0].value == 0);
  CHECK(s[0].reason == "connection refused (connect)");
  for (int i = 1; i < 4; ++i) {
    CHECK(s[i].quality == Quality::comm_loss);
    CHECK(s[i].reason == "connection refused (connect)");
  }
}
