#pragma once
// The whole gateway, wired: store, publisher, pipeline (pollers + rules thread), console, systemd
// notifications. Members are declared in dependency order, so they are built in that order and torn
// down in reverse (chrony's init/fini discipline, by the language).
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "config/site_config.hpp"
#include "gateway_store.hpp"
#include "live_state.hpp"
#include "operator_request.hpp"
#include "pipeline.hpp"
#include "service_notifier.hpp"
#include "uplink/uplink_state.hpp"

namespace sw::uplink {
class OutboxPublisher;
class CommandDispatcher;
}  // namespace sw::uplink
namespace sw::console {
class ConsoleServer;
}

namespace sw {

struct ReloadResult {
  bool ok = false;
  std::string message;
};

class Gateway {
 public:
  // Opens the store and builds everything; nothing runs until run() or start().
  Gateway(std::string config_path, config::SiteConfig config, std::string log_level_override = {});
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Runs until SIGTERM or SIGINT; SIGHUP reloads. Returns the exit code.
  int run();

  // For in-process use (tests, the console): start the threads, ask to stop, reload now.
  void start();
  void request_stop();
  // Re-reads the config file; an invalid one is refused and the running one kept.
  ReloadResult reload();

  // What the console and the platform commands read and do.
  std::shared_ptr<const LiveState> live_state() const { return board_.read(); }
  GatewayStore& store() { return store_; }
  const config::SiteConfig& config() const { return config_; }
  std::vector<DeviceStatus> device_status() const;
  std::optional<uplink::UplinkState> uplink_state() const;
  // Hands an operator action to the rules thread and waits for its answer. Throws
  // std::runtime_error when the rules thread does not answer within `timeout`.
  OperatorAnswer operator_action(std::unique_ptr<OperatorRequest> request, Millis timeout);
  // Queues history of [from, to] to be sent again, marked resent; returns the samples queued.
  std::size_t resend(WallTime from, WallTime to, Millis timeout);
  nlohmann::json health() const;
  WallTime started_at() const { return started_wall_; }
  std::int64_t session() const { return session_; }

 private:
  void start_publisher();
  void stop_publisher();
  void start_console();
  void watchdog_tick(SteadyTime now);
  void release_point_tables();
  std::string status_line() const;

  const std::string config_path_;
  const std::string log_level_override_;
  config::SiteConfig config_;  // its point tables released once the pipeline has its own
  std::size_t point_count_ = 0;
  const SteadyTime started_;
  const WallTime started_wall_;
  ServiceNotifier notifier_;
  GatewayStore store_;
  const std::int64_t session_;
  std::atomic<std::int64_t> seq_;
  LiveStateBoard board_;
  mutable std::mutex parts_mutex_;  // guards swapping publisher_ and pipeline_ during a reload
  std::unique_ptr<uplink::OutboxPublisher> publisher_;
  std::unique_ptr<uplink::CommandDispatcher> commands_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<console::ConsoleServer> console_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> reload_requested_{false};
  std::mutex reload_mutex_;
  SteadyTime next_watchdog_{};
};

}  // namespace sw
