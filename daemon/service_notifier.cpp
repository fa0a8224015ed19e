// SPDX-License-Identifier: Apache-2.0
#include "service_notifier.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

namespace sw {

namespace {

std::string one_line(std::string_view text) {
  std::string line(text);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

}  // namespace

ServiceNotifier::ServiceNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  enabled_ = socket != nullptr && *socket != '\0';
}

bool ServiceNotifier::ready() {
  return send("READY=1");
}

bool ServiceNotifier::ready(std::string_view status_text) {
  return send("READY=1\nSTATUS=" + one_line(status_text));
}

bool ServiceNotifier::status(std::string_view text) {
  return send("STATUS=" + one_line(text));
}

bool ServiceNotifier::reloading() {
  // libstdc++'s steady_clock is CLOCK_MONOTONIC, the clock systemd compares MONOTONIC_USEC with.
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
  return send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(now.count()));
}

bool ServiceNotifier::stopping() {
  return send("STOPPING=1");
}

bool ServiceNotifier::watchdog() {
  return send("WATCHDOG=1");
}

bool ServiceNotifier::extend_timeout(std::chrono::microseconds more) {
  return send("EXTEND_TIMEOUT_USEC=" + std::to_string(more.count()));
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_interval() const {
  uint64_t usec = 0;
  // Keep the environment: the interval may be asked for again (e.g. after a reload).
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_ping_period() const {
  const auto interval = watchdog_interval();
  if (!interval) return std::nullopt;
  return *interval / 2;
}

bool ServiceNotifier::send(const std::string& message) {
  if (!enabled_) return false;
  const int r = sd_notify(0, message.c_str());
  if (r > 0) {
    if (failing_.exchange(false)) spdlog::info("[notify] sending to systemd works again");
    return true;
  }
  if (!failing_.exchange(true)) {
    // Only the first assignment is named: the message may carry a long status text.
    const auto first = message.substr(0, message.find('\n'));
    spdlog::warn("[notify] cannot tell systemd '{}': {}", first,
                 r < 0 ? std::strerror(-r) : "NOTIFY_SOCKET vanished");
  }
  return false;
}

}  // namespace sw
