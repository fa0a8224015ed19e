#include "gateway.hpp"

#include <malloc.h>

#include <signal.h>

#include <spdlog/spdlog.h>

#include "console/console_server.hpp"
#include "gateway_commands.hpp"
#include "logging.hpp"
#include "uplink/command_dispatcher.hpp"
#include "uplink/outbox_publisher.hpp"
#include "uplink/paho_mqtt_link.hpp"

namespace sw {

namespace {
// Signals the main thread takes with sigtimedwait; every other thread has them blocked, so a
// signal never interrupts a poller in the middle of a Modbus frame.
sigset_t control_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

// Called before any thread exists, so every thread inherits the mask.
int block_control_signals() {
  const sigset_t set = control_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a vanished console client or broker must not kill the daemon
  return 0;
}
}  // namespace

Gateway::Gateway(std::string config_path, config::SiteConfig config, std::string log_level_override)
    : config_path_((block_control_signals(), std::move(config_path))),
      log_level_override_(std::move(log_level_override)),
      config_(std::move(config)),
      started_(SteadyClock::now()),
      started_wall_(WallClock::now()),
      store_(config_.store),
      session_(store_.next_session()),
      seq_(store_.last_seq()) {
  spdlog::info("[gateway] {} / {} starting: session {}, {} points on {} buses",
               config_.site.enterprise_code, config_.site.gateway_id, session_,
               config_.points.size(), config_.buses.size());
  start_publisher();
  pipeline_ = std::make_unique<Pipeline>(config_, store_, board_, seq_, [this] {
    std::lock_guard lock(parts_mutex_);
    if (publisher_) publisher_->notify();
  });
  release_point_tables();
}

void Gateway::release_point_tables() {
  // The pipeline has built its own tables from these; at 10,000 points the config's copies of
  // every point's rules and texts are megabytes that nothing reads again.
  point_count_ = config_.points.size();
  std::vector<PointInfo>().swap(config_.points);
  std::vector<rules::PointRules>().swap(config_.point_rules);
  std::vector<rules::CompositeRule>().swap(config_.composites);
  // Reading a large config (the TOML document, every point's tables) leaves tens of megabytes
  // free inside the heap at 10,000 points; give them back to the system rather than keep them
  // resident for the daemon's life.
  malloc_trim(0);
}

Gateway::~Gateway() {
  notifier_.stopping();
  if (console_) console_->stop();
  console_.reset();
  {
    // Pollers stop, the rules thread writes what was queued, then the publisher says offline.
    std::unique_ptr<Pipeline> pipeline;
    {
      std::lock_guard lock(parts_mutex_);
      pipeline = std::move(pipeline_);
    }
    pipeline.reset();
  }
  stop_publisher();
  spdlog::info("[gateway] stopped");
}

void Gateway::start_publisher() {
  uplink::PublisherHooks hooks;
  hooks.health = [this] { return health(); };
  hooks.next_seq = [this] { return ++seq_; };
  hooks.on_command = [this](std::string payload) {
    if (commands_) commands_->submit(std::move(payload));
  };
  const uplink::Topics topics(config_.mqtt.topic_prefix, config_.site.enterprise_code,
                              config_.site.gateway_id);
  uplink::MessageEncoder encoder({config_.site.enterprise_code, config_.site.gateway_id,
                                  config::enum_name(config_.site.site_type)},
                                 config_.format);
  auto link = std::make_unique<uplink::PahoMqttLink>(config_.mqtt);
  auto publisher = std::make_unique<uplink::OutboxPublisher>(
      config_.mqtt, topics, encoder, store_.outbox(), session_, std::move(link), hooks);
  uplink::CommandLimits limits;
  limits.max_bytes = config_.mqtt.max_command_bytes;
  auto* raw = publisher.get();
  auto commands = std::make_unique<uplink::CommandDispatcher>(
      uplink::CommandParser(limits), platform_command_table(*this),
      [raw](nlohmann::json body) { raw->send_reply(std::move(body)); },
      "[mqtt:" + config_.mqtt.client_id + "]");
  {
    std::lock_guard lock(parts_mutex_);
    publisher_ = std::move(publisher);
    commands_ = std::move(commands);
  }
}

void Gateway::stop_publisher() {
  std::unique_ptr<uplink::OutboxPublisher> publisher;
  std::unique_ptr<uplink::CommandDispatcher> commands;
  {
    std::lock_guard lock(parts_mutex_);
    publisher = std::move(publisher_);
    commands = std::move(commands_);
  }
  if (commands) commands->stop();
  if (publisher) publisher->stop();
}

void Gateway::start_console() {
  console::ServerSettings settings;
  settings.socket_path = config_.console.socket;
  settings.group = config_.console.group;
  console_ = std::make_unique<console::ConsoleServer>(settings, console_command_table(*this));
  console_->start();
}

void Gateway::start() {
  {
    std::lock_guard lock(parts_mutex_);
    commands_->start();
    publisher_->start();
    pipeline_->start();
  }
  try {
    start_console();
  } catch (const std::exception& e) {
    // The console is for people on site; without it the gateway still protects the site.
    spdlog::error("[console] cannot serve {}: {}", config_.console.socket, e.what());
  }
  notifier_.ready(status_line());
  spdlog::info("[gateway] running");
}

void Gateway::request_stop() {
  stop_requested_ = true;
}

int Gateway::run() {
  start();
  const sigset_t set = control_signals();
  while (!stop_requested_) {
    timespec timeout{0, 200'000'000};
    const int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig == SIGTERM || sig == SIGINT) {
      spdlog::info("[gateway] {} received: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
    if (sig == SIGHUP || reload_requested_.exchange(false)) {
      const ReloadResult r = reload();
      if (r.ok)
        spdlog::info("[gateway] reload: {}", r.message);
      else
        spdlog::error("[gateway] reload: {}", r.message);
    }
    watchdog_tick(SteadyClock::now());
  }
  return 0;
}

ReloadResult Gateway::reload() {
  std::lock_guard reload_lock(reload_mutex_);
  notifier_.reloading();
  ReloadResult result;
  config::SiteConfig fresh;
  try {
    fresh = config::load_site_config(config_path_);
  } catch (const config::ConfigError& e) {
    result.message = std::string("new config refused, the running one is kept: ") + e.what();
    notifier_.ready(status_line());
    return result;
  }
  if (fresh.store.path != config_.store.path) {
    result.message =
        "new config refused: [store] path cannot change while running (restart instead)";
    notifier_.ready(status_line());
    return result;
  }
  if (fresh.console.socket != config_.console.socket)
    spdlog::warn("[gateway] reload: a new console socket takes effect at the next restart");
  const bool uplink_changed = fresh.mqtt.host != config_.mqtt.host ||
                              fresh.mqtt.port != config_.mqtt.port ||
                              fresh.mqtt.client_id != config_.mqtt.client_id ||
                              fresh.mqtt.topic_prefix != config_.mqtt.topic_prefix ||
                              fresh.site.enterprise_code != config_.site.enterprise_code ||
                              fresh.site.gateway_id != config_.site.gateway_id ||
                              fresh.mqtt.username != config_.mqtt.username ||
                              fresh.mqtt.password != config_.mqtt.password ||
                              fresh.mqtt.tls.enabled != config_.mqtt.tls.enabled ||
                              fresh.mqtt.tls.ca_file != config_.mqtt.tls.ca_file ||
                              fresh.mqtt.tls.cert_file != config_.mqtt.tls.cert_file ||
                              fresh.mqtt.tls.key_file != config_.mqtt.tls.key_file;
  // The new pipeline is fully configured (drivers validated) before the old one stops. Stopping the
  // old one writes everything it had; the new rules thread restores the alarm state from the store.
  std::unique_ptr<Pipeline> old;
  {
    std::lock_guard lock(parts_mutex_);
    old = std::move(pipeline_);
  }
  old.reset();
  const auto console_socket = config_.console.socket;
  config_ = std::move(fresh);
  config_.console.socket = console_socket;
  if (!log_level_override_.empty())
    set_log_level(log_level_override_);
  else
    set_log_level(config_.log.level);
  if (uplink_changed) {
    stop_publisher();
    start_publisher();
    std::lock_guard lock(parts_mutex_);
    commands_->start();
    publisher_->start();
  }
  auto fresh_pipeline = std::make_unique<Pipeline>(config_, store_, board_, seq_, [this] {
    std::lock_guard lock(parts_mutex_);
    if (publisher_) publisher_->notify();
  });
  fresh_pipeline->start();
  release_point_tables();
  {
    std::lock_guard lock(parts_mutex_);
    pipeline_ = std::move(fresh_pipeline);
  }
  result.ok = true;
  result.message = "config reloaded: " + std::to_string(point_count_) + " points" +
                   (uplink_changed ? ", uplink reconnected" : "");
  notifier_.ready(status_line());
  return result;
}

void Gateway::watchdog_tick(SteadyTime now) {
  const auto period = notifier_.watchdog_ping_period();
  if (!period || now < next_watchdog_) return;
  next_watchdog_ = now + std::chrono::duration_cast<SteadyClock::duration>(*period);
  bool alive = false;
  {
    std::lock_guard lock(parts_mutex_);
    alive = pipeline_ && pipeline_->alive(now);
  }
  // Only a live rules thread earns the ping: a hung pipeline gets the daemon restarted.
  if (alive) {
    notifier_.watchdog();
    notifier_.status(status_line());
  } else {
    spdlog::error(
        "[gateway] the rules thread has not turned for a while: withholding the watchdog");
  }
}

std::string Gateway::status_line() const {
  const auto state = board_.read();
  std::size_t active = 0, major = 0;
  for (const auto& a : state->alarms) {
    if (!a.condition_active) continue;
    ++active;
    if (a.major_hazard) ++major;
  }
  bool connected = false;
  {
    std::lock_guard lock(parts_mutex_);
    connected = publisher_ && publisher_->state().connected;
  }
  return fmt::format("{} points, {} active alarms ({} major hazards), uplink {}", point_count_,
                     active, major, connected ? "connected" : "down");
}

nlohmann::json Gateway::health() const {
  const auto state = board_.read();
  std::vector<DeviceStatus> devices;
  {
    std::lock_guard lock(parts_mutex_);
    if (pipeline_) devices = pipeline_->device_status();
  }
  std::size_t online = 0;
  for (const auto& d : devices) online += d.online ? 1 : 0;
  std::size_t active = 0, major = 0;
  for (const auto& a : state->alarms) {
    if (!a.condition_active) continue;
    ++active;
    if (a.major_hazard) ++major;
  }
  const auto storage = store_.health();
  return {{"uptime_s",
           std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - started_).count()},
          {"version", SITEWATCH_VERSION},
          {"devices_online", online},
          {"devices_total", devices.size()},
          {"active_alarms", active},
          {"major_hazards", major},
          {"outbox_depth", store_.outbox_stats().depth},
          {"storage_ok", storage.ok},
          {"storage_over_budget", storage.over_budget},
          {"last_error", storage.ok ? "" : storage.problem}};
}

std::vector<DeviceStatus> Gateway::device_status() const {
  std::lock_guard lock(parts_mutex_);
  return pipeline_ ? pipeline_->device_status() : std::vector<DeviceStatus>{};
}

std::optional<uplink::UplinkState> Gateway::uplink_state() const {
  std::lock_guard lock(parts_mutex_);
  if (!publisher_) return std::nullopt;
  return publisher_->state();
}

OperatorAnswer Gateway::operator_action(std::unique_ptr<OperatorRequest> request, Millis timeout) {
  std::future<OperatorAnswer> answer;
  {
    std::lock_guard lock(parts_mutex_);
    if (!pipeline_) throw std::runtime_error("the pipeline is restarting; try again");
    answer = pipeline_->rules().post(std::move(request));
  }
  if (answer.wait_for(timeout) != std::future_status::ready)
    throw std::runtime_error("the rules thread did not answer within " + format_duration(timeout));
  return answer.get();  // a broken promise (reload in between) throws std::future_error
}

std::size_t Gateway::resend(WallTime from, WallTime to, Millis timeout) {
  std::future<std::size_t> done;
  {
    std::lock_guard lock(parts_mutex_);
    if (!pipeline_) throw std::runtime_error("the pipeline is restarting; try again");
    done = pipeline_->rules().post_resend(from, to);
  }
  if (done.wait_for(timeout) != std::future_status::ready)
    throw std::runtime_error("the rules thread did not answer within " + format_duration(timeout));
  return done.get();
}

}  // namespace sw
