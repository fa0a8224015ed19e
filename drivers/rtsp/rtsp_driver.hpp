// SPDX-License-Identifier: Apache-2.0
#pragma once
// The "rtsp" bus: a set of cameras checked on the bus's one thread, each on its own period.
// Cameras are probed one after the other; each probe is bounded by the camera's own timeout (a
// non-blocking connect and every read/write wait on one deadline), so a dead camera delays the
// others by at most its timeout. Many cameras that may all die at once (a site power cut) belong
// on several buses: each bus is its own thread.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/bus_driver.hpp"
#include "drivers/rtsp/camera_settings.hpp"
#include "drivers/rtsp/rtsp_client.hpp"
#include "drivers/rtsp/text_sanitizer.hpp"

namespace sw::rtsp {

class RtspDriver final : public BusDriver {
 public:
  RtspDriver(std::string bus, std::vector<CameraConfig> cameras, ResponseLimits limits = {});

  const std::string& bus_name() const override { return bus_; }
  void poll(SteadyTime now, std::vector<Sample>& out) override;
  SteadyTime next_due() const override;
  void stop() override;
  std::vector<DeviceStatus> device_status() const override;
  std::string point_id(PointIndex point) const override;

 private:
  struct Camera {
    CameraConfig config;
    TextSanitizer sanitizer;
    std::string log_tag;  // "[rtsp:cameras/gate-1]"
    SteadyTime next_due;
    std::optional<ProbeOutcome> last_outcome;
    std::string last_logged;  // the last problem logged, to log changes rather than every poll
    std::uint64_t answered = 0;
  };

  void record(std::size_t index, const ProbeResult& probe, WallTime when);
  void log_change(Camera& camera, const ProbeResult& probe);

  std::string bus_;
  ResponseLimits limits_;
  std::vector<Camera> cameras_;
  mutable std::mutex status_mutex_;  // device_status() is read from other threads
  std::vector<DeviceStatus> status_;
};

}  // namespace sw::rtsp
