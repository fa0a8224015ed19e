// SPDX-License-Identifier: Apache-2.0
#pragma once
// The real RTSP server of the integration tests: GStreamer's gst-rtsp-server, started through
// tests/support/rtsp_test_server.py with the system Python (python3-gi is a Debian package).
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/free_port.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace sw::rtsp::test {

struct GstServerOptions {
  std::string auth = "none";  // "none", "basic", "digest"
  std::string user = "admin";
  std::string password;
};

class GstRtspServer {
 public:
  explicit GstRtspServer(GstServerOptions options = {})
      : options_(std::move(options)), port_(sw::test::free_port()) {
    start();
  }
  ~GstRtspServer() = default;

  int port() const { return port_; }
  // rtsp://127.0.0.1:<port><path>; mounts: /jpeg, /vp8, /h264 (if openh264enc), /audio.
  std::string url(const std::string& path) const {
    return "rtsp://127.0.0.1:" + std::to_string(port_) + path;
  }
  // Starts (again, on the same port) and waits for the script's READY line.
  void start() {
    std::vector<std::string> argv{
        "/usr/bin/python3",
        std::string(SITEWATCH_SOURCE_DIR) + "/tests/support/rtsp_test_server.py",
        "--port",
        std::to_string(port_),
        "--auth",
        options_.auth,
        "--user",
        options_.user,
        "--password",
        options_.password};
    const std::string log = dir_.file("server-" + std::to_string(++starts_) + ".log");
    process_ = std::make_unique<sw::test::ChildProcess>(argv, log);
    const bool ready = sw::test::wait_until(
        [&] { return process_->log().find("READY") != std::string::npos || !process_->running(); },
        std::chrono::seconds(20));
    if (!ready || process_->log().find("READY") == std::string::npos)
      throw std::runtime_error("rtsp_test_server.py did not start: " + process_->log());
  }
  void kill() { process_->kill_hard(); }
  // Whether the server offers `path` (/h264 needs openh264enc from gstreamer1.0-plugins-bad).
  bool has_mount(const std::string& path) const {
    const std::string log = process_->log();
    const std::size_t at = log.find("mounts=");
    if (at == std::string::npos) return false;
    const std::string list = "," + log.substr(at + 7, log.find('\n', at) - at - 7) + ",";
    return list.find("," + path + ",") != std::string::npos;
  }
  std::string log() const { return process_->log(); }

 private:
  GstServerOptions options_;
  int port_;
  sw::test::TempDir dir_;
  int starts_ = 0;
  std::unique_ptr<sw::test::ChildProcess> process_;
};

}  // namespace sw::rtsp::test
