// SPDX-License-Identifier: Apache-2.0
#pragma once
// Tells systemd how the daemon is doing (sd_notify(3)): ready, reloading, stopping, a one-line
// status, and the watchdog ping. Without NOTIFY_SOCKET (run by hand, in tests, in a container
// without systemd) every call is a no-op, so the daemon never needs to know how it was started.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sw {

class ServiceNotifier {
 public:
  // Reads NOTIFY_SOCKET once: systemd sets it before exec and it does not change afterwards.
  ServiceNotifier();

  // True when a service manager listens (NOTIFY_SOCKET is set).
  bool enabled() const { return enabled_; }

  // Each call sends one datagram and returns true when it was delivered; false when disabled or
  // when sending failed (logged once per run of failures, never thrown: losing a status line
  // must not stop a safety monitor).

  // READY=1: start-up finished (store open, pollers started), or a reload finished.
  bool ready();
  // READY=1 and STATUS=… in one datagram, so `systemctl status` never shows "ready" with the
  // status text of the previous phase.
  bool ready(std::string_view status_text);
  // STATUS=…: one line for `systemctl status`. Newlines are replaced by spaces, so text quoted
  // from a device or a config file can never smuggle in another assignment such as READY=1.
  bool status(std::string_view text);
  // RELOADING=1 with MONOTONIC_USEC (CLOCK_MONOTONIC, µs). systemd 252 ignores MONOTONIC_USEC;
  // 253+ requires it for Type=notify-reload, so sending it now keeps that switch a unit-file edit.
  // Follow with ready() — also when the new config was refused and the old one runs on.
  bool reloading();
  // STOPPING=1: SIGTERM received, flushing the store and publishing "offline".
  bool stopping();
  // WATCHDOG=1. Call only when the pipeline's own liveness checks pass; otherwise stay silent
  // and let systemd restart the daemon when WatchdogSec= runs out.
  bool watchdog();
  // EXTEND_TIMEOUT_USEC=…: more time for a slow start (e.g. a large store being checked) or stop
  // than TimeoutStartSec=/TimeoutStopSec= allow, without raising those for every start.
  bool extend_timeout(std::chrono::microseconds more);

  // WatchdogSec= as seen by this process (sd_watchdog_enabled(3)); nullopt when the watchdog is
  // off or meant for another process (WATCHDOG_PID names a different pid).
  std::optional<std::chrono::microseconds> watchdog_interval() const;
  // How often to call watchdog(): half the interval, so one late ping is not yet fatal.
  std::optional<std::chrono::microseconds> watchdog_ping_period() const;

 private:
  bool send(const std::string& message);

  bool enabled_ = false;
  // Set after a failed send, cleared after a good one: one warning per outage, not one per ping.
  std::atomic<bool> failing_{false};
};

}  // namespace sw
