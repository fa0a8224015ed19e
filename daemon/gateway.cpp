// SPDX-License-Identifier: Apache-2.0
#include "gateway.hpp"

#include <malloc.h>

#include <signal.h>

#include <filesystem>

#include <spdlog/spdlog.h>

#include "console/console_server.hpp"
#include "core/calendar_date.hpp"
#include "core/ulid.hpp"
#include "gateway_commands.hpp"
#include "hazard_deadlines.hpp"
#include "history_resend.hpp"
#include "logging.hpp"
#include "report_command.hpp"
#include "site_messages.hpp"
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

// Opening an existing store runs SQLite's integrity check over the whole file: on a large store on
// slow flash that outlasts TimeoutStartSec=. Ask the service manager for the time it may take
// (EXTEND_TIMEOUT_USEC), at a pessimistic 20 MB/s plus 10 s, before starting it.
const config::StoreSettings& announce_store_check(ServiceNotifier& notifier,
                                                  const config::StoreSettings& store) {
  std::error_code error;
  const auto bytes = std::filesystem::file_size(store.path, error);
  if (!error) {
    const auto seconds = 10 + static_cast<std::int64_t>(bytes / (20u << 20));
    notifier.extend_timeout(std::chrono::seconds(seconds));
  }
  return store;
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
      started_(SteadyClock::now()),
      started_wall_(WallClock::now()),
      store_(announce_store_check(notifier_, config.store)),
      ledger_watch_([this] { return store_.verify_ledger(); }, config.store.verify_interval,
                    config.site, conditions_, events_,
                    [this] { return store_.verify_statistics(); }),
      session_(store_.next_session()),
      seq_(store_),
      watch_(events_, store_.outbox_stats().dropped_telemetry) {
  spdlog::info("[gateway] {} / {} starting: session {}, {} points on {} buses",
               config.site.enterprise_code, config.site.gateway_id, session_, config.points.size(),
               config.buses.size());
  start_publisher(config);
  post_config_warnings(config);
  pipeline_ = make_pipeline(config);
  pipeline_->restore_from_store();
  publish_config(std::move(config));
}

std::unique_ptr<Pipeline> Gateway::make_pipeline(config::SiteConfig& config) {
  return std::make_unique<Pipeline>(
      config, store_, board_, seq_,
      [this] {
        std::lock_guard lock(parts_mutex_);
        if (publisher_) publisher_->notify();
      },
      events_, conditions_);
}

store::HazardRecord Gateway::hazard_step(const GatewayStore::HazardStepFn& step) {
  store::HazardRecord after = store_.hazard_step(step);
  std::lock_guard lock(parts_mutex_);
  if (publisher_) publisher_->notify();
  return after;
}

std::size_t Gateway::requeue_dead_letters(const std::string& who) {
  const std::size_t n = store_.requeue_dead_letters();
  spdlog::info("[gateway] {} dead letters put back in the outbox, asked by {}", n, who);
  std::lock_guard lock(parts_mutex_);
  if (publisher_) publisher_->notify();
  return n;
}

void Gateway::post_config_warnings(const config::SiteConfig& config) {
  for (const auto& w : config.warnings) {
    spdlog::warn("[config] {}", w);
    events_.post({"config_warning", w, {{"file", config_path_}}, WallClock::now()});
  }
}

void Gateway::publish_config(config::SiteConfig config) {
  // The pipeline has built its own tables from these; at 10,000 points the config's copies of
  // every point's rules and texts are megabytes that nothing reads again.
  point_count_ = config.points.size();
  std::vector<PointInfo>().swap(config.points);
  std::vector<rules::PointRules>().swap(config.point_rules);
  std::vector<rules::CompositeRule>().swap(config.composites);
  auto frozen = std::make_shared<const config::SiteConfig>(std::move(config));
  {
    std::lock_guard lock(config_mutex_);
    config_.swap(frozen);
  }
  frozen.reset();  // the replaced snapshot, unless a reader still holds it
  // Reading a large config (the TOML document, every point's tables) leaves tens of megabytes
  // free inside the heap at 10,000 points; give them back to the system rather than keep them
  // resident for the daemon's life.
  malloc_trim(0);
}

std::shared_ptr<const config::SiteConfig> Gateway::config() const {
  std::lock_guard lock(config_mutex_);
  return config_;
}

Gateway::~Gateway() {
  notifier_.stopping();
  ledger_watch_.stop();
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

void Gateway::start_publisher(const config::SiteConfig& config) {
  uplink::PublisherHooks hooks;
  hooks.health = [this] { return health(); };
  hooks.next_seq = [this] { return seq_.next(); };
  hooks.on_command = [this](std::string_view payload, bool retained) {
    // Paho's thread: a reload may be replacing the dispatcher right now.
    std::lock_guard lock(parts_mutex_);
    if (commands_) commands_->submit(payload, retained);
  };
  const uplink::Topics topics = topics_of(config);
  const uplink::MessageEncoder encoder = encoder_of(config);
  auto link = std::make_unique<uplink::PahoMqttLink>(config.mqtt);
  auto publisher = std::make_unique<uplink::OutboxPublisher>(
      config.mqtt, topics, encoder, store_.outbox(), session_, std::move(link), hooks);
  uplink::CommandLimits limits;
  limits.max_bytes = config.mqtt.max_command_bytes;
  limits.max_resend_range = config.mqtt.max_resend_range;
  auto* raw = publisher.get();
  auto commands = std::make_unique<uplink::CommandDispatcher>(
      uplink::CommandParser(limits), platform_command_table(*this, config),
      [raw](nlohmann::json body) { raw->send_reply(std::move(body)); },
      "[mqtt:" + config.mqtt.client_id + "]", config.mqtt.commands);
  {
    std::lock_guard lock(parts_mutex_);
    publisher_ = std::move(publisher);
    commands_ = std::move(commands);
  }
}

void Gateway::start_uplink() {
  // Not under parts_mutex_: the publisher's start takes its MQTT link's listener lock, which
  // Paho's thread holds while it hands a command in under parts_mutex_ (hooks.on_command) — the
  // two locks would be taken in both orders (ThreadSanitizer: lock-order inversion). Only the
  // start and reload() (one at a time) replace these parts, so the pointers stay valid here.
  uplink::CommandDispatcher* commands = nullptr;
  uplink::OutboxPublisher* publisher = nullptr;
  {
    std::lock_guard lock(parts_mutex_);
    commands = commands_.get();
    publisher = publisher_.get();
  }
  commands->start();
  publisher->start();
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
  const auto config = this->config();
  settings.socket_path = config->console.socket;
  settings.group = config->console.group;
  console_ = std::make_unique<console::ConsoleServer>(settings, console_command_table(*this));
  console_->start();
}

void Gateway::start() {
  start_uplink();
  {
    std::lock_guard lock(parts_mutex_);
    pipeline_->start();
  }
  ledger_watch_.start();  // the first walk of the chain, then every [store] verify_interval
  try {
    start_console();
  } catch (const std::exception& e) {
    // The console is for people on site; without it the gateway still protects the site.
    spdlog::error("[console] cannot serve {}: {}", config()->console.socket, e.what());
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
    watch_tick(SteadyClock::now());
  }
  return 0;
}

std::vector<std::string> Gateway::needs_restart(const config::SiteConfig& running,
                                                const config::SiteConfig& fresh) {
  std::vector<std::string> out;
  const auto& a = running.store;
  const auto& b = fresh.store;
  if (a.max_size != b.max_size) out.emplace_back("[store] max_size");
  if (a.min_free != b.min_free) out.emplace_back("[store] min_free");
  if (a.outbox_max_messages != b.outbox_max_messages)
    out.emplace_back("[store] outbox_max_messages");
  if (a.outbox_max_bytes.bytes != b.outbox_max_bytes.bytes)
    out.emplace_back("[store] outbox_max_bytes");
  if (a.statistics_retention != b.statistics_retention)
    out.emplace_back("[store] statistics_retention");
  if (a.verify_interval != b.verify_interval) out.emplace_back("[store] verify_interval");
  if (running.console.socket != fresh.console.socket) out.emplace_back("[console] socket");
  if (running.console.group != fresh.console.group) out.emplace_back("[console] group");
  return out;
}

void Gateway::watch_tick(SteadyTime now) {
  const WallTime wall = WallClock::now();
  watch_.check_clock(now, wall);
  if (now < next_watch_) return;
  // Devices, storage and the outbox once a second: a device goes comm_loss within two poll
  // periods, and its event need not be quicker than that.
  next_watch_ = now + std::chrono::seconds(1);
  watch_.check_devices(device_status(), wall);
  watch_.check_storage(store_.health(), wall);
  const store::OutboxStats outbox = store_.outbox_stats();
  watch_.check_shed(outbox.dropped_telemetry, wall);
  watch_.check_dead_letters(outbox.dead_letters, wall);
  // Deadlines are days; every 10 s an overdue alarm clears soon after the record is rectified.
  if (now < next_hazard_watch_) return;
  next_hazard_watch_ = now + std::chrono::seconds(10);
  try {
    std::vector<store::HazardRecord> open;
    store_.read_hazards([&](store::HazardRegister& r) { open = r.list(false); });
    watch_.check_hazards(open, wall);
    for (auto& c : overdue_conditions(open, board_.read_summary()->alarms, wall, config()->report))
      conditions_.set(std::move(c));
    send_month_report(wall);
  } catch (const std::exception& e) {
    spdlog::warn("[gateway] cannot check the hazard register's deadlines and report: {}", e.what());
  }
}

void Gateway::send_month_report(WallTime wall) {
  const auto config = this->config();
  const std::string month = local_month_of(wall);
  if (month == report_sent_month_ || local_day_of_month(wall) < config->report.day) return;
  const auto report = month_report(*this, month);
  if (!report) return;
  const uplink::MessageEncoder encoder = encoder_of(*config);
  const uplink::Topics topics = topics_of(*config);
  const bool sent = store_.send_once("report_sent", month, [&] {
    store::OutboundMessage m;
    m.id = make_ulid(wall);
    m.seq = seq_.next_unreserved();  // written with last_seq in send_once's transaction
    m.lane = store::Lane::event;
    m.topic = topics.report();
    m.payload = encoder.wrap("report", *report, m.id, m.seq, wall);
    m.created = wall;
    return m;
  });
  report_sent_month_ = month;
  if (!sent) return;
  spdlog::info("[gateway] the 调度表 of {} sent to the platform", month);
  std::lock_guard lock(parts_mutex_);
  if (publisher_) publisher_->notify();
}

ReloadResult Gateway::reload(const std::string& who) {
  ReloadResult result;
  std::unique_lock reload_lock(reload_mutex_, std::try_to_lock);
  if (!reload_lock.owns_lock()) {
    result.message = "another reload is under way; the running config is kept";
    spdlog::warn("[gateway] reload asked by {} refused: {}", who, result.message);
    return result;
  }
  spdlog::info("[gateway] reload asked by {}", who);
  reloading_ = true;
  struct ReloadingFlag {
    std::atomic<bool>& flag;
    ~ReloadingFlag() { flag = false; }
  } reloading_until_return{reloading_};
  notifier_.reloading();
  const auto refuse = [&](std::string why) {
    spdlog::warn("[gateway] reload asked by {} refused: {}", who, why);
    result.message = std::move(why);
    notifier_.ready(status_line());
    return result;
  };
  config::SiteConfig fresh;
  try {
    fresh = config::load_site_config(config_path_);
  } catch (const config::ConfigError& e) {
    return refuse(std::string("new config refused, the running one is kept: ") + e.what());
  }
  const auto running = config();
  if (fresh.store.path != running->store.path)
    return refuse("new config refused: [store] path cannot change while running (restart instead)");
  const SteadyTime asked = SteadyClock::now();
  if (last_reload_ && asked - *last_reload_ < kMinReloadInterval) {
    const auto ago = std::chrono::duration_cast<Millis>(asked - *last_reload_);
    return refuse("the last reload was " + format_duration(ago) + " ago; reloads are at least " +
                  format_duration(kMinReloadInterval) +
                  " apart so the site's rules can settle: the running config is kept");
  }
  const bool uplink_changed = !(fresh.mqtt == running->mqtt) ||
                              !(fresh.format == running->format) ||
                              fresh.site.enterprise_code != running->site.enterprise_code ||
                              fresh.site.gateway_id != running->site.gateway_id ||
                              fresh.site.site_type != running->site.site_type;
  const std::vector<std::string> restart = needs_restart(*running, fresh);
  fresh.console = running->console;  // the socket being served is the one in effect

  // The new pipeline is built beside the running one, unstarted: whatever can fail (drivers, the
  // rules, the store's point keys) fails here, and the running pipeline carries on untouched.
  std::unique_ptr<Pipeline> next;
  try {
    next = make_pipeline(fresh);
  } catch (const std::exception& e) {
    return refuse(std::string("the new pipeline could not be built, the running one is kept: ") +
                  e.what());
  }
  if (!log_level_override_.empty())
    set_log_level(log_level_override_);
  else
    set_log_level(fresh.log.level);
  if (uplink_changed) {
    stop_publisher();
    start_publisher(fresh);
    start_uplink();
  }
  // The swap: the old pollers stop and its rules thread finishes what was queued; the new one
  // takes over its state in memory (timers, latest values, alarms, telemetry) and starts. Only
  // reload() replaces pipeline_, so reading it here needs no lock.
  Pipeline* old = pipeline_.get();
  old->stop();
  next->carry_over(*old);
  {
    std::lock_guard lock(parts_mutex_);
    next->adopt_requests(*old);  // operator actions that reached the old one too late
    pipeline_.swap(next);
  }
  pipeline_->start();
  next.reset();  // the old, stopped pipeline
  post_config_warnings(fresh);
  publish_config(std::move(fresh));
  last_reload_ = SteadyClock::now();

  result.ok = true;
  result.message = "config reloaded: " + std::to_string(point_count_.load()) + " points" +
                   (uplink_changed ? ", uplink reconnected" : "");
  if (!restart.empty()) {
    result.message += "; not applied until a restart: ";
    for (std::size_t i = 0; i < restart.size(); ++i) result.message += (i ? ", " : "") + restart[i];
  }
  spdlog::info("[gateway] reload asked by {} applied: {}", who, result.message);
  events_.post({"config_reloaded",
                result.message,
                {{"file", config_path_},
                 {"points", point_count_.load()},
                 {"uplink_restarted", uplink_changed}},
                WallClock::now()});
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
  const auto state = board_.read_summary();
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
  return fmt::format("{} points, {} active alarms ({} major hazards), uplink {}",
                     point_count_.load(), active, major, connected ? "connected" : "down");
}

nlohmann::json Gateway::health() const {
  const auto state = board_.read_summary();
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
  const store::OutboxStats outbox = store_.outbox_stats();
  return {{"uptime_s",
           std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - started_).count()},
          {"version", SITEWATCH_VERSION},
          {"devices_online", online},
          {"devices_total", devices.size()},
          {"active_alarms", active},
          {"major_hazards", major},
          {"outbox_depth", outbox.depth},
          {"dead_letters", outbox.dead_letters},
          {"storage_ok", storage.ok},
          {"storage_over_budget", storage.over_budget},
          {"ledger", ledger_status(storage)},
          {"statistics_seal", statistics_seal_status(storage)},
          {"last_error", storage.ok ? "" : storage.problem}};
}

namespace {
// The watch's last walk of a chain, as the heartbeat and the console show it.
template <typename Check>
void add_last_check(nlohmann::json& out, const Check& check) {
  out["checked"] = check.done;
  if (!check.done) return;
  out["intact"] = check.intact;
  out["checked_at"] = format_iso8601(check.checked_at);
  if (!check.intact) out["problem"] = check.problem;
}
}  // namespace

nlohmann::json Gateway::ledger_status(const StorageHealth& storage) const {
  const LedgerCheck check = ledger_watch_.last();
  nlohmann::json out{{"seq", storage.ledger_head.seq}, {"hash", storage.ledger_head.hash}};
  add_last_check(out, check);
  return out;
}

nlohmann::json Gateway::statistics_seal_status(const StorageHealth& storage) const {
  const StatisticsCheck check = ledger_watch_.last_statistics();
  const auto& head = storage.statistics_head;
  nlohmann::json out{
      {"window_start", head.window_start_ms == 0
                           ? nlohmann::json(nullptr)
                           : nlohmann::json(format_iso8601(from_epoch_ms(head.window_start_ms)))},
      {"hash", head.hash}};
  add_last_check(out, check);
  return out;
}

std::vector<DeviceStatus> Gateway::device_status() const {
  std::lock_guard lock(parts_mutex_);
  return pipeline_ ? pipeline_->device_status() : std::vector<DeviceStatus>{};
}

std::shared_ptr<BusErrand> Gateway::start_errand(
    const std::string& bus, const std::function<std::shared_ptr<BusErrand>(BusDriver&)>& make) {
  if (reloading_) throw ErrandRefused("a reload is under way; ask again when it is done");
  std::lock_guard lock(parts_mutex_);
  if (!pipeline_) throw ErrandRefused("the pipeline is restarting; ask again in a moment");
  BusPoller* poller = pipeline_->poller(bus);
  if (poller == nullptr) {
    std::string names;
    for (const auto& n : pipeline_->bus_names()) names += (names.empty() ? "" : ", ") + n;
    throw ErrandRefused("unknown bus \"" + bus +
                        "\"; the running config has: " + (names.empty() ? "no buses" : names));
  }
  auto errand = make(poller->driver());
  if (!errand) throw ErrandRefused("bus \"" + bus + "\": its driver has no commissioning reads");
  poller->post(errand);
  return errand;
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

ResendOutcome Gateway::resend(WallTime from, WallTime to) {
  std::shared_ptr<const std::vector<PointInfo>> points;
  {
    std::lock_guard lock(parts_mutex_);
    if (!pipeline_) throw std::runtime_error("the pipeline is restarting; try again");
    points = pipeline_->rules().point_table();
  }
  const auto config = this->config();
  const ResendOutcome outcome =
      HistoryResend(store_, seq_, encoder_of(*config), topics_of(*config), std::move(points))
          .run(from, to);
  std::lock_guard lock(parts_mutex_);
  if (publisher_) publisher_->notify();
  return outcome;
}

}  // namespace sw
