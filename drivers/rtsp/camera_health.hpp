// SPDX-License-Identifier: Apache-2.0
#pragma once
// From a probe to the four points of a camera. The one place that decides what each failure means
// to the rules engine (see README.md, "What the points say"):
//   answered with video    → online 1, response_ms, video 1, codec            (all good)
//   answered, no video     → online 1, response_ms, video 0 (good: we know)   → video-loss limit
//   answered, but 401 / 404 / bad SDP / hung after answering
//                          → online 1, response_ms, video + codec device_fault with the reason
//   no RTSP answer at all  → online 0 (good: we know it is offline), response_ms, video and codec
//                            comm_loss with the reason                         → video-loss limit
#include <string>
#include <vector>

#include "core/point.hpp"
#include "core/sample.hpp"
#include "drivers/rtsp/rtsp_client.hpp"

namespace sw::rtsp {

struct CameraPointIds {
  PointId online;       // quantity camera_online, switch
  PointId response_ms;  // quantity response_time, ms
  PointId video;        // quantity video_signal, switch: 1 = the SDP offers a video stream
  PointId codec;        // quantity codec, text: "H264", "H265", "JPEG", ...
  // Their places in the site's point table, what the samples carry. with_prefix numbers them 0..3;
  // the config sets the real ones.
  struct Indices {
    PointIndex online = 0, response_ms = 1, video = 2, codec = 3;
  } index;

  static CameraPointIds with_prefix(const std::string& prefix);
};

// Appends one sample per point for the probe's result.
void append_health_samples(const CameraPointIds& ids, const ProbeResult& probe, WallTime time,
                           std::vector<Sample>& out);

}  // namespace sw::rtsp
