// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/camera_health.hpp"

namespace sw::rtsp {

namespace {

Sample make(PointIndex id, WallTime time, double value, Quality quality = Quality::good,
            std::string reason = {}) {
  Sample s;
  s.point = id;
  s.value = value;
  s.quality = quality;
  s.time = time;
  s.reason = std::move(reason);
  return s;
}

}  // namespace

CameraPointIds CameraPointIds::with_prefix(const std::string& prefix) {
  return {prefix + ".online", prefix + ".response_ms", prefix + ".video", prefix + ".codec", {}};
}

void append_health_samples(const CameraPointIds& ids, const ProbeResult& probe, WallTime time,
                           std::vector<Sample>& out) {
  switch (probe.outcome) {
    case ProbeOutcome::described: {
      out.push_back(make(ids.index.online, time, 1));
      out.push_back(make(ids.index.response_ms, time, probe.response_ms));
      if (probe.sdp.has_video) {
        out.push_back(make(ids.index.video, time, 1));
        Sample codec = make(ids.index.codec, time, 1);
        codec.text = probe.sdp.codec.empty() ? "unknown" : probe.sdp.codec;
        out.push_back(std::move(codec));
      } else {
        // The camera told us plainly that it has no video: a true 0, which is the video loss.
        out.push_back(make(ids.index.video, time, 0, Quality::good, "no video stream in the SDP"));
        Sample codec = make(ids.index.codec, time, 0, Quality::good, "no video stream in the SDP");
        codec.text = "none";
        out.push_back(std::move(codec));
      }
      return;
    }
    case ProbeOutcome::auth_failed:
    case ProbeOutcome::rtsp_error:
      // Reachable and speaking RTSP, but the video cannot be proven either way: a device fault,
      // never a made-up 0 or 1.
      out.push_back(make(ids.index.online, time, 1));
      out.push_back(make(ids.index.response_ms, time, probe.response_ms));
      out.push_back(make(ids.index.video, time, 0, Quality::device_fault, probe.reason));
      out.push_back(make(ids.index.codec, time, 0, Quality::device_fault, probe.reason));
      return;
    case ProbeOutcome::unreachable:
      // We know it is offline: online 0 is a good reading. The rest is a loss of communication.
      out.push_back(make(ids.index.online, time, 0, Quality::good, probe.reason));
      out.push_back(make(ids.index.response_ms, time, 0, Quality::comm_loss, probe.reason));
      out.push_back(make(ids.index.video, time, 0, Quality::comm_loss, probe.reason));
      out.push_back(make(ids.index.codec, time, 0, Quality::comm_loss, probe.reason));
      return;
  }
}

}  // namespace sw::rtsp
