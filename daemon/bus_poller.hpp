// SPDX-License-Identifier: Apache-2.0
#pragma once
// One thread per bus: libmodbus is blocking, and a dead RTU line must never delay anyone else. The
// poller calls its driver when due and hands the samples to the rules thread's queue. Between polls
// it runs the bus's commissioning errand (probe, scan), a step per turn, so regular polling goes
// on.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/blocking_queue.hpp"
#include "core/sample.hpp"
#include "drivers/bus_driver.hpp"

namespace sw {

class BusPoller {
 public:
  BusPoller(std::unique_ptr<BusDriver> driver, BlockingQueue<Sample>& samples);
  ~BusPoller();  // stops and joins
  BusPoller(const BusPoller&) = delete;
  BusPoller& operator=(const BusPoller&) = delete;

  void start();
  // Asks the thread to finish; returns at once. join() (or the destructor) waits.
  void request_stop();
  void join();
  const BusDriver& driver() const { return *driver_; }
  // For making errands (BusDriver::probe, scan) on the caller's thread; they run on this one.
  BusDriver& driver() { return *driver_; }
  // Queues a commissioning errand. One at a time per bus: throws ErrandRefused while one is queued
  // or running, or once the poller is stopping (its errand is then abandoned, never left waiting).
  void post(std::shared_ptr<BusErrand> errand);
  // Steady time of the last completed poll cycle (for the watchdog and the console).
  SteadyTime last_cycle() const { return SteadyTime{SteadyTime::duration{last_cycle_.load()}}; }

 private:
  void run();
  void poll_once(std::vector<Sample>& batch);
  void run_errand_step(const std::shared_ptr<BusErrand>& errand);
  std::unique_ptr<BusDriver> driver_;
  BlockingQueue<Sample>& samples_;
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::shared_ptr<BusErrand> errand_;  // guarded by mutex_
  std::atomic<SteadyTime::rep> last_cycle_{0};
  std::thread thread_;
};

}  // namespace sw
