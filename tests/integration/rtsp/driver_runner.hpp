// SPDX-License-Identifier: Apache-2.0
#pragma once
// What BusPoller does for a driver, in a test: poll when due on a thread of its own, keep every
// sample with the steady time it arrived, and let the test await conditions on them.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "drivers/bus_driver.hpp"

namespace sw::rtsp::test {

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

  // The first sample of `point` arriving at or after `since` that satisfies `match`.
  std::optional<ArrivedSample> find(const std::string& point, SteadyTime since,
                                    const std::function<bool(const Sample&)>& match) const {
    std::lock_guard lock(mutex_);
    for (const auto& a : samples_)
      if (driver_.point_id(a.sample.point) == point && a.arrived >= since && match(a.sample))
        return a;
    return std::nullopt;
  }
  // The latest sample of `point`.
  std::optional<Sample> latest(const std::string& point) const {
    std::lock_guard lock(mutex_);
    for (auto it = samples_.rbegin(); it != samples_.rend(); ++it)
      if (driver_.point_id(it->sample.point) == point) return it->sample;
    return std::nullopt;
  }
  std::vector<ArrivedSample> all() const {
    std::lock_guard lock(mutex_);
    return samples_;
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

// Routes spdlog's default logger into a string for the test's lifetime, so a test can prove what
// the logs never say. Safe to read while a DriverRunner logs.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()), sink_(std::make_shared<StringSink>()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::string text() const { return sink_->text(); }

 private:
  class StringSink final : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::string text() {
      std::lock_guard lock(mutex_);
      return text_;
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      spdlog::memory_buf_t buf;
      formatter_->format(msg, buf);
      text_.append(buf.data(), buf.size());
    }
    void flush_() override {}

   private:
    std::string text_;
  };

  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<StringSink> sink_;
};

}  // namespace sw::rtsp::test
