// SPDX-License-Identifier: Apache-2.0
#pragma once
// Commissioning work a person asks of a bus (sitewatchctl probe, scan): reads the config does not
// name, done on the bus's own thread between its regular polls, so they share the line safely and
// use the bus's timeouts. The driver makes an errand (checking its arguments, no I/O); the bus's
// poller runs it a step per turn; whoever asked reads its report from any thread.
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sw {

// An errand that cannot be started now: a reload is under way, no such bus, the bus has one
// already. Bad arguments are std::invalid_argument instead.
class ErrandRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BusErrand {
 public:
  virtual ~BusErrand() = default;

  // On the bus's thread, between polls: one turn's share of the work (bounded: about one device
  // timeout per read, a few reads). False once the errand is finished.
  bool step();
  // The bus stopped (reload, shutdown) before the errand finished: it ends with `why`.
  void abandon(const std::string& why);
  // The asker gave up waiting: the errand ends without touching the bus again.
  void cancel();

  // From any thread: the report so far ("state": "running", "done", "failed", "abandoned").
  nlohmann::json report() const;
  bool finished() const;
  // Waits until finished; false when `timeout` passed first.
  bool wait_finished(Millis timeout) const;

 protected:
  // The work of one turn; publishes what it found with publish(). False when finished.
  virtual bool do_step() = 0;
  void publish(nlohmann::json report, bool finished);

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable finished_cv_;
  nlohmann::json report_ = {{"state", "queued"}};
  bool finished_ = false;
  bool cancelled_ = false;
};

}  // namespace sw
