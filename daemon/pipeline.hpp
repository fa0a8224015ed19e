// SPDX-License-Identifier: Apache-2.0
#pragma once
// The part of the gateway a reload replaces: the pollers (one thread per bus), the queue between
// them and the rules thread, and the rules thread. A reload builds the new pipeline beside the
// running one, unstarted (anything that can fail fails here, and the old one runs on); then the
// old one stops (its rules thread finishes what was queued), the new one carries over its state
// in memory (rule timers, latest values, alarms, telemetry) and starts. At start-up the alarm
// state comes from the store instead.
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bus_poller.hpp"
#include "config/site_config.hpp"
#include "core/blocking_queue.hpp"
#include "gateway_store.hpp"
#include "live_state.hpp"
#include "rules_thread.hpp"

namespace sw {

class Pipeline {
 public:
  // Takes the configured drivers out of `config.buses`.
  Pipeline(config::SiteConfig& config, GatewayStore& store, LiveStateBoard& board, MessageSeq& seq,
           std::function<void()> wake_publisher, GatewayEvents& events,
           GatewayConditions& conditions);
  ~Pipeline();  // stops: pollers first, then the rules thread drains the queue
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Before the first start: the alarms that were live before the daemon stopped, from the store.
  void restore_from_store() { rules_->restore_from_store(); }
  // A reload, before start(): takes over the state of `old`, which must have stopped.
  void carry_over(Pipeline& old) { rules_->carry_over(*old.rules_); }
  // A reload, with operator requests held off: requests `old` did not answer move here.
  void adopt_requests(Pipeline& old) { rules_->adopt_requests(*old.rules_); }

  void start();
  // Pollers stop, then the rules thread drains the queue and stops. Idempotent; the console may
  // still read device status afterwards.
  void stop();
  RulesThread& rules() { return *rules_; }
  std::vector<DeviceStatus> device_status() const;
  // The poller of bus `name`, nullptr when there is none; and every bus's name, in config order.
  BusPoller* poller(std::string_view name);
  std::vector<std::string> bus_names() const;
  // Liveness for the watchdog: the rules thread turned recently.
  bool alive(SteadyTime now) const;

 private:
  BlockingQueue<Sample> queue_;
  std::unique_ptr<RulesThread> rules_;
  std::vector<std::unique_ptr<BusPoller>> pollers_;
};

}  // namespace sw
