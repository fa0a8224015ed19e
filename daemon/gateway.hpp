// SPDX-License-Identifier: Apache-2.0
#pragma once
// The whole gateway, wired: store, publisher, pipeline (pollers + rules thread), console, systemd
// notifications. Members are declared in dependency order, so they are built in that order and torn
// down in reverse (chrony's init/fini discipline, by the language).
#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "config/site_config.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"
#include "gateway_store.hpp"
#include "gateway_watch.hpp"
#include "ledger_watch.hpp"
#include "live_state.hpp"
#include "message_seq.hpp"
#include "operator_request.hpp"
#include "pipeline.hpp"
#include "resend_outcome.hpp"
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

// A reload swaps the whole pipeline; one within this long of the last applied one is refused, so a
// reload loop cannot keep the site's rules from ever settling.
inline constexpr Millis kMinReloadInterval{3000};

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
  // Re-reads the config file; an invalid one is refused and the running one kept, as is one that
  // arrives while a reload is under way or within kMinReloadInterval of the last applied one.
  // `who` names who asked, for the log ("SIGHUP", "console uid 0 (by ops1)").
  ReloadResult reload(const std::string& who = "SIGHUP");

  // What the console and the platform commands read and do.
  std::shared_ptr<const LiveState> live_state() const { return board_.read(); }
  GatewayStore& store() { return store_; }
  // The running configuration, immutable: a reload swaps in a new one, and whoever holds this
  // one keeps reading it undisturbed. Its point tables and drivers belong to the pipeline (empty).
  std::shared_ptr<const config::SiteConfig> config() const;
  // Gateway events for the platform (docs/messages.md, kind "event"), from any thread.
  GatewayEvents& events() { return events_; }
  std::vector<DeviceStatus> device_status() const;
  std::optional<uplink::UplinkState> uplink_state() const;
  // Hands an operator action to the rules thread and waits for its answer. Throws
  // std::runtime_error when the rules thread does not answer within `timeout`.
  OperatorAnswer operator_action(std::unique_ptr<OperatorRequest> request, Millis timeout);
  // One step of the 隐患台账 from the console or the platform (GatewayStore::hazard_step), its
  // message then sent. Throws store::HazardRefused (nothing changed) or store::StoreError.
  store::HazardRecord hazard_step(const GatewayStore::HazardStepFn& step);
  // Puts every dead letter back at the end of its lane and wakes the publisher; logged with who
  // asked. Returns how many. Throws store::StoreError.
  std::size_t requeue_dead_letters(const std::string& who);
  // Queues history of [from, to] to be sent again, marked resent (HistoryResend), on the caller's
  // thread; returns what was queued. Throws store::StoreError.
  ResendOutcome resend(WallTime from, WallTime to);
  // Commissioning (console probe, scan): `make` builds the errand from bus `bus`'s driver on the
  // caller's thread (it checks its arguments, no I/O: std::invalid_argument), then the bus's
  // poller runs it between polls. Throws ErrandRefused while a reload is under way, for a bus the
  // running config does not have, for a driver without such reads, and while the bus has one.
  std::shared_ptr<BusErrand> start_errand(
      const std::string& bus, const std::function<std::shared_ptr<BusErrand>(BusDriver&)>& make);
  nlohmann::json health() const;
  // The ledger's head and the daemon's last walk of its chain (heartbeat and console status).
  nlohmann::json ledger_status(const StorageHealth& storage) const;
  nlohmann::json statistics_seal_status(const StorageHealth& storage) const;
  WallTime started_at() const { return started_wall_; }
  std::int64_t session() const { return session_; }

 private:
  void start_publisher(const config::SiteConfig& config);
  // Starts the command dispatcher and publisher start_publisher() made.
  void start_uplink();
  void stop_publisher();
  void start_console();
  void watchdog_tick(SteadyTime now);
  // Moves `config` (its drivers given to the pipeline) into the shared, immutable snapshot.
  void publish_config(config::SiteConfig config);
  std::unique_ptr<Pipeline> make_pipeline(config::SiteConfig& config);
  // What a reload would not apply: the settings that only a restart takes ("[store] max_size").
  static std::vector<std::string> needs_restart(const config::SiteConfig& running,
                                                const config::SiteConfig& fresh);
  void watch_tick(SteadyTime now);
  // On [report] day (or the first tick after it) of each month: the month's 调度表 to the
  // platform as a `report` message, once a month across restarts.
  void send_month_report(WallTime wall);
  // Logs each of the config's warnings and sends it as a config_warning event.
  void post_config_warnings(const config::SiteConfig& config);
  std::string status_line() const;

  const std::string config_path_;
  const std::string log_level_override_;
  mutable std::mutex config_mutex_;  // guards swapping config_ (not reading what it points to)
  std::shared_ptr<const config::SiteConfig> config_;
  std::atomic<std::size_t> point_count_{0};
  const SteadyTime started_;
  const WallTime started_wall_;
  ServiceNotifier notifier_;
  GatewayEvents events_;          // outlives every pipeline: posted to across reloads
  GatewayConditions conditions_;  // the gateway's own alarms, applied by the rules thread
  GatewayStore store_;
  LedgerWatch ledger_watch_;  // stopped first: it reads the store
  const std::int64_t session_;
  MessageSeq seq_;
  LiveStateBoard board_;
  GatewayWatch watch_;  // main thread only
  SteadyTime next_watch_{};
  SteadyTime next_hazard_watch_{};
  std::string report_sent_month_;   // main thread: the month whose report is known sent
  mutable std::mutex parts_mutex_;  // guards swapping publisher_ and pipeline_ during a reload
  std::unique_ptr<uplink::OutboxPublisher> publisher_;
  std::unique_ptr<uplink::CommandDispatcher> commands_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<console::ConsoleServer> console_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> reload_requested_{false};
  std::atomic<bool> reloading_{false};  // a reload holds reload_mutex_ (commissioning waits)
  std::mutex reload_mutex_;
  std::optional<SteadyTime> last_reload_;  // the last applied reload (under reload_mutex_)
  SteadyTime next_watchdog_{};
};

}  // namespace sw
