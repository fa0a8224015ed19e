// SPDX-License-Identifier: Apache-2.0
#include "gateway_conditions.hpp"

namespace sw {

void GatewayConditions::set(rules::Condition c) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    std::string source = c.source;
    changed_.insert_or_assign(std::move(source), std::move(c));
    wake = wake_;
  }
  if (wake) wake();
}

void GatewayConditions::take(std::vector<rules::Condition>& out) {
  std::lock_guard lock(mutex_);
  for (auto& [source, c] : changed_) out.push_back(std::move(c));
  changed_.clear();
}

bool GatewayConditions::pending() const {
  std::lock_guard lock(mutex_);
  return !changed_.empty();
}

void GatewayConditions::set_waker(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

bool GatewayConditions::is_gateway_source(std::string_view s) {
  return s.starts_with("gateway/") || s.starts_with("gateway.");
}

}  // namespace sw
