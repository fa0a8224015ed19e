// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the core's BusPoller does for a driver, in a test: poll when due on a thread of its own and
// keep every sample with the time it arrived, so the test can await conditions on them.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/bus_driver.hpp"
#include "support/wait_until.hpp"

namespace sw::modbus::test {

struct ArrivedSample {
  Sample sample;
  SteadyTime arrived;
};

class DriverRunner {
 public:
  explicit DriverRunner(BusDriver& driver) : driver_(driver) {
    thread_ = std::thread([this] { run(); });
  }
  ~DriverRunner() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  DriverRunner(const DriverRunner&) = delete;
  DriverRunner& operator=(const DriverRunner&) = delete;

  // Waits for a sample of `point` arriving at or after `since` that satisfies `match`.
  std::optional<ArrivedSample> await(const std::string& point,
                                     const std::function<bool(const Sample&)>& match,
                                     SteadyTime since = SteadyTime{},
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::optional<ArrivedSample> found;
    sw::test::wait_until(
        [&] {
          found = find(point, since, match);
          return found.has_value();
        },
        timeout);
    return found;
  }
  std::optional<ArrivedSample> find(const std::string& point, SteadyTime since,
                                    const std::function<bool(const Sample&)>& match) const {
    std::lock_guard lock(mutex_);
    for (const auto& a : samples_)
      if (driver_.point_id(a.sample.point) == point && a.arrived >= since && match(a.sample))
        return a;
    return std::nullopt;
  }
  std::vector<ArrivedSample> of(const std::string& point, SteadyTime since = SteadyTime{}) const {
    std::lock_guard lock(mutex_);
    std::vector<ArrivedSample> out;
    for (const auto& a : samples_)
      if (driver_.point_id(a.sample.point) == point && a.arrived >= since) out.push_back(a);
    return out;
  }

 private:
  void run() {
    std::vector<Sample> batch;
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait_until(lock, driver_.next_due(), [&] { return stop_; });
      if (stop_) break;
      lock.unlock();
      batch.clear();
      driver_.poll(SteadyClock::now(), batch);
      const SteadyTime now = SteadyClock::now();
      lock.lock();
      for (auto& s : batch) samples_.push_back({std::move(s), now});
    }
    lock.unlock();
    driver_.stop();
  }

  BusDriver& driver_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::vector<ArrivedSample> samples_;
  std::thread thread_;
};

inline bool is_good(const Sample& s) {
  return s.quality == Quality::good;
}
inline bool is_comm_loss(const Sample& s) {
  return s.quality == Quality::comm_loss;
}

}  // namespace sw::modbus::test
