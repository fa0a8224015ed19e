// SPDX-License-Identifier: Apache-2.0
#include "bus_poller.hpp"

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"

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

void BusPoller::post(std::shared_ptr<BusErrand> errand) {
  {
    std::lock_guard lock(mutex_);
    if (stop_)
      throw ErrandRefused("bus \"" + driver_->bus_name() +
                          "\" is stopping (reload or shutdown); ask again in a moment");
    if (errand_)
      throw ErrandRefused("bus \"" + driver_->bus_name() +
                          "\" is busy with another probe or scan (one at a time per bus); " +
                          "ask again when it is done");
    errand_ = std::move(errand);
  }
  stop_cv_.notify_all();
}

void BusPoller::run_errand_step(const std::shared_ptr<BusErrand>& errand) {
  bool more = false;
  try {
    more = errand->step();
  } catch (const std::exception& e) {
    spdlog::error("[poller:{}] commissioning errand failed: {}", driver_->bus_name(), e.what());
    errand->abandon(std::string("failed: ") + e.what());
  }
  if (more) return;
  std::lock_guard lock(mutex_);
  if (errand_ == errand) errand_.reset();
}

void BusPoller::poll_once(std::vector<Sample>& batch) {
  const std::string& bus = driver_->bus_name();
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

void BusPoller::run() {
  name_this_thread("poll:" + driver_->bus_name());
  const std::string& bus = driver_->bus_name();
  spdlog::info("[poller:{}] started", bus);
  std::vector<Sample> batch;
  for (;;) {
    std::shared_ptr<BusErrand> errand;
    {
      std::unique_lock lock(mutex_);
      stop_cv_.wait_until(lock, driver_->next_due(), [&] { return stop_ || errand_; });
      if (stop_) break;
      errand = errand_;
    }
    if (SteadyClock::now() >= driver_->next_due()) poll_once(batch);
    // An errand's step comes after the poll that was due, and the next poll that falls due comes
    // before the errand's next step: the regular schedule slips by at most one step.
    if (errand) run_errand_step(errand);
  }
  {
    std::lock_guard lock(mutex_);
    if (errand_) errand_->abandon("the bus stopped (a reload or shutdown) before it was done");
    errand_.reset();
  }
  try {
    driver_->stop();
  } catch (const std::exception& e) {
    spdlog::warn("[poller:{}] error while stopping: {}", bus, e.what());
  }
  spdlog::info("[poller:{}] stopped", bus);
}

}  // namespace sw
