// SPDX-License-Identifier: Apache-2.0
#include "bus_poller.hpp"

#include <spdlog/spdlog.h>

namespace sw {

BusPoller::BusPoller(std::unique_ptr<BusDriver> driver, BlockingQueue<Sample>& samples)
    : driver_(std::move(driver)), samples_(samples) {}

BusPoller::~BusPoller() {
  request_stop();
  join();
}

void BusPoller::join() {
  if (thread_.joinable()) thread_.join();
}

void BusPoller::start() {
  thread_ = std::thread([this] { run(); });
}

void BusPoller::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
}

void BusPoller::run() {
  const std::string& bus = driver_->bus_name();
  spdlog::info("[poller:{}] started", bus);
  std::vector<Sample> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      stop_cv_.wait_until(lock, driver_->next_due(), [&] { return stop_; });
      if (stop_) break;
    }
    batch.clear();
    try {
      driver_->poll(SteadyClock::now(), batch);
    } catch (const std::exception& e) {
      // A driver should report failures as samples; an escape is a bug, but never a reason to stop
      // polling: log it and go on at the next due time.
      spdlog::error("[poller:{}] driver error: {}", bus, e.what());
    }
    last_cycle_.store(SteadyClock::now().time_since_epoch().count());
    if (!batch.empty()) {
      const std::size_t accepted = samples_.push_many(batch.begin(), batch.end());
      if (accepted < batch.size())
        spdlog::warn("[poller:{}] rules queue full: {} samples refused (counted)", bus,
                     batch.size() - accepted);
    }
  }
  try {
    driver_->stop();
  } catch (const std::exception& e) {
    spdlog::warn("[poller:{}] error while stopping: {}", bus, e.what());
  }
  spdlog::info("[poller:{}] stopped", bus);
}

}  // namespace sw
