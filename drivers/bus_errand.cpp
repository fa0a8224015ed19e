// SPDX-License-Identifier: Apache-2.0
#include "drivers/bus_errand.hpp"

namespace sw {

bool BusErrand::step() {
  {
    std::lock_guard lock(mutex_);
    if (finished_ || cancelled_) return false;
  }
  return do_step();
}

void BusErrand::abandon(const std::string& why) {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  report_["state"] = "abandoned";
  report_["error"] = why;
  finished_ = true;
  finished_cv_.notify_all();
}

void BusErrand::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  if (finished_) return;
  report_["state"] = "withdrawn";
  finished_ = true;
  finished_cv_.notify_all();
}

nlohmann::json BusErrand::report() const {
  std::lock_guard lock(mutex_);
  return report_;
}

bool BusErrand::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

bool BusErrand::wait_finished(Millis timeout) const {
  std::unique_lock lock(mutex_);
  return finished_cv_.wait_for(lock, timeout, [&] { return finished_; });
}

void BusErrand::publish(nlohmann::json report, bool finished) {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  report_ = std::move(report);
  finished_ = finished;
  if (finished) finished_cv_.notify_all();
}

}  // namespace sw
