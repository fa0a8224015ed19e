// SPDX-License-Identifier: Apache-2.0
#include "drivers/rtsp/rtsp_driver.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "drivers/rtsp/camera_health.hpp"

namespace sw::rtsp {

RtspDriver::RtspDriver(std::string bus, std::vector<CameraConfig> cameras, ResponseLimits limits)
    : bus_(std::move(bus)), limits_(limits) {
  const SteadyTime now = SteadyClock::now();
  for (auto& c : cameras) {
    Camera cam;
    std::vector<std::string> secrets;
    if (!c.url.password.empty()) {
      secrets.push_back(c.url.username + ":" + c.url.password);
      secrets.push_back(c.url.password);
    }
    cam.sanitizer = TextSanitizer(std::move(secrets));
    cam.log_tag = "[rtsp:" + bus_ + "/" + c.name + "]";
    cam.next_due = now;
    DeviceStatus st;
    st.bus = bus_;
    st.device = c.name;
    status_.push_back(std::move(st));
    cam.config = std::move(c);
    cameras_.push_back(std::move(cam));
  }
}

void RtspDriver::poll(SteadyTime now, std::vector<Sample>& out) {
  for (std::size_t i = 0; i < cameras_.size(); ++i) {
    Camera& cam = cameras_[i];
    if (cam.next_due > now) continue;
    const ProbeResult probe = probe_camera(
        {cam.config.url, cam.config.timeout, limits_, cam.config.digest_only}, cam.sanitizer);
    const WallTime when = WallClock::now();
    append_health_samples(cam.config.points, probe, when, out);
    record(i, probe, when);
    log_change(cam, probe);
    // Keep the camera's phase; after an overrun (other cameras' timeouts), start again from now
    // rather than firing a burst of catch-up probes.
    cam.next_due += cam.config.period;
    const SteadyTime after = SteadyClock::now();
    if (cam.next_due <= after) cam.next_due = after + cam.config.period;
  }
}

SteadyTime RtspDriver::next_due() const {
  SteadyTime due = SteadyTime::max();
  for (const auto& cam : cameras_) due = std::min(due, cam.next_due);
  return due;
}

void RtspDriver::stop() {
  // Every probe opens and closes its own connection: nothing stays open between polls.
  spdlog::debug("[rtsp:{}] stopped", bus_);
}

std::vector<DeviceStatus> RtspDriver::device_status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

void RtspDriver::record(std::size_t index, const ProbeResult& probe, WallTime when) {
  Camera& cam = cameras_[index];
  const bool answered = probe.outcome != ProbeOutcome::unreachable;
  if (answered) ++cam.answered;
  std::lock_guard lock(status_mutex_);
  DeviceStatus& st = status_[index];
  st.online = answered;
  st.requests += static_cast<std::uint64_t>(probe.requests);
  if (!probe.error_kind.empty()) ++st.errors[probe.error_kind];
  if (answered) {
    st.last_latency_ms = probe.response_ms;
    // Mean over every answered probe since start.
    st.avg_latency_ms +=
        (probe.response_ms - st.avg_latency_ms) / static_cast<double>(cam.answered);
  }
  if (probe.outcome == ProbeOutcome::described && probe.sdp.has_video) {
    st.last_success = when;
    st.last_error.clear();
  } else if (probe.outcome == ProbeOutcome::described) {
    ++st.errors["no_video"];
    st.last_error = "no video stream in the camera's SDP";
  } else {
    st.last_error = probe.detail;
  }
}

void RtspDriver::log_change(Camera& cam, const ProbeResult& probe) {
  const std::string url = cam.config.url.request_uri();  // never the credentials
  std::string problem;
  if (probe.outcome != ProbeOutcome::described)
    problem = probe.error_kind;
  else if (!probe.sdp.has_video)
    problem = "no_video";
  const bool changed =
      !cam.last_outcome || *cam.last_outcome != probe.outcome || problem != cam.last_logged;
  cam.last_outcome = probe.outcome;
  cam.last_logged = problem;
  if (!changed) {
    spdlog::debug("{} {} in {:.1f} ms", cam.log_tag, to_string(probe.outcome), probe.response_ms);
    return;
  }
  switch (probe.outcome) {
    case ProbeOutcome::described:
      if (probe.sdp.has_video)
        spdlog::info("{} video present ({}), answered in {:.1f} ms: {}", cam.log_tag,
                     probe.sdp.codec.empty() ? "unknown codec" : probe.sdp.codec, probe.response_ms,
                     url);
      else
        spdlog::warn("{} answers but its SDP has no video stream: {}", cam.log_tag, url);
      return;
    case ProbeOutcome::auth_failed:
      spdlog::error("{} {}: {}", cam.log_tag, probe.detail, url);
      return;
    case ProbeOutcome::rtsp_error:
      spdlog::warn("{} answers RTSP but no usable video: {}: {}", cam.log_tag, probe.detail, url);
      return;
    case ProbeOutcome::unreachable:
      spdlog::warn("{} offline: {}: {}", cam.log_tag, probe.detail, url);
      return;
  }
}

std::string RtspDriver::point_id(PointIndex point) const {
  for (const Camera& cam : cameras_) {
    const CameraPointIds& ids = cam.config.points;
    if (ids.index.online == point) return ids.online;
    if (ids.index.response_ms == point) return ids.response_ms;
    if (ids.index.video == point) return ids.video;
    if (ids.index.codec == point) return ids.codec;
  }
  return {};
}

}  // namespace sw::rtsp
