#pragma once
// The part of the gateway a reload replaces: the pollers (one thread per bus), the queue between
// them and the rules thread, and the rules thread. Built from a validated config beside the running
// one; the swap stops the old pipeline (its rules thread finishes what was queued) and starts the
// new one, which restores alarm state from the store.
#include <atomic>
#include <memory>
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
  Pipeline(config::SiteConfig& config, GatewayStore& store, LiveStateBoard& board,
           std::atomic<std::int64_t>& seq, std::function<void()> wake_publisher);
  ~Pipeline();  // stops: pollers first, then the rules thread drains the queue
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void start();
  RulesThread& rules() { return *rules_; }
  std::vector<DeviceStatus> device_status() const;
  // Liveness for the watchdog: the rules thread turned recently.
  bool alive(SteadyTime now) const;

 private:
  BlockingQueue<Sample> queue_;
  std::unique_ptr<RulesThread> rules_;
  std::vector<std::unique_ptr<BusPoller>> pollers_;
};

}  // namespace sw
