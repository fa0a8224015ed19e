// SPDX-License-Identifier: Apache-2.0
#include "gateway_events.hpp"

#include <spdlog/spdlog.h>

namespace sw {

void GatewayEvents::post(GatewayEvent event) {
  // The waker is called under the lock: the rules thread clears it before it goes away.
  std::lock_guard lock(mutex_);
  if (pending_.size() >= kMaxPending) {
    if (refused_untold_++ == 0)
      spdlog::warn("[events] {} events waiting: further events refused (counted)", kMaxPending);
    ++refused_;
    return;
  }
  if (refused_untold_ > 0) {
    event.detail["events_refused_before"] = refused_untold_;
    refused_untold_ = 0;
  }
  spdlog::info("[events] {}: {}", event.name, event.message);
  pending_.push_back(std::move(event));
  if (wake_) wake_();
}

void GatewayEvents::take(std::vector<GatewayEvent>& out) {
  std::lock_guard lock(mutex_);
  for (auto& e : pending_) out.push_back(std::move(e));
  pending_.clear();
}

bool GatewayEvents::pending() const {
  std::lock_guard lock(mutex_);
  return !pending_.empty();
}

void GatewayEvents::set_waker(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

std::uint64_t GatewayEvents::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace sw
