#include "rules_thread.hpp"

#include <spdlog/spdlog.h>

#include "core/ulid.hpp"

namespace sw {

namespace {
std::unordered_map<PointId, double> deadbands_of(const config::SiteConfig& config) {
  std::unordered_map<PointId, double> out;
  for (const auto& r : config.point_rules) out[r.point] = r.deadband;
  return out;
}

uplink::GatewayIdentity identity_of(const config::SiteConfig& config) {
  return {config.site.enterprise_code, config.site.gateway_id,
          config::enum_name(config.site.site_type)};
}

// How often the console's snapshot is refreshed: fresh enough for people, cheap for the pipeline.
constexpr Millis kSnapshotPeriod{250};
// The rules thread turns at least this often, so statistics windows and shelving expiry are timely.
constexpr Millis kMaxIdle{1000};
}  // namespace

RulesThread::RulesThread(const config::SiteConfig& config, GatewayStore& store,
                         BlockingQueue<Sample>& inbound, LiveStateBoard& board,
                         std::atomic<std::int64_t>& seq, std::function<void()> wake_publisher)
    : store_(store),
      inbound_(inbound),
      board_(board),
      wake_publisher_(std::move(wake_publisher)),
      encoder_(identity_of(config), config.format),
      topics_(config.mqtt.topic_prefix, config.site.enterprise_code, config.site.gateway_id),
      engine_(config.points, config.point_rules, config.composites),
      book_(
          [this](const PointId& id) {
            auto it = points_.find(id);
            return it == points_.end() ? PointInfo{id, {}, {}, {}, {}, {}, {}, false, {}}
                                       : it->second;
          },
          config.alarms),
      telemetry_(config.telemetry, deadbands_of(config), SteadyClock::now()),
      seq_(seq),
      prune_interval_(config.store.prune_interval) {
  for (const auto& p : config.points) {
    points_[p.id] = p;
    point_order_.push_back(p.id);
  }
  for (const auto& r : config.point_rules)
    retention_.emplace_back(r.point, r.retention.value_or(config.store.history_retention));
  book_.restore(store_.load_alarm_state());
  // An alarm restored for a point the new config no longer has would never hear its condition
  // again: end it now, on the record, rather than leave it active forever.
  std::vector<AlarmEvent> events;
  for (const auto& a : book_.current()) {
    if (points_.count(a.point)) continue;
    rules::Condition gone;
    gone.source = a.source;
    gone.rule = a.rule;
    gone.point = a.point;
    gone.active = false;
    gone.time = WallClock::now();
    gone.message = "point removed from the configuration";
    book_.apply(gone, events);
  }
  if (!events.empty()) {
    spdlog::warn("[rules] {} alarm event(s) for points no longer configured", events.size());
    CommitBatch batch;
    encode(events, {}, {}, batch);
    batch.events = std::move(events);
    batch.alarm_changes = book_.take_changes();
    batch.last_seq = seq_.load();
    store_.commit(batch);
  }
}

RulesThread::~RulesThread() {
  request_stop();
  join();
}

void RulesThread::start() {
  thread_ = std::thread([this] { run(); });
}

void RulesThread::request_stop() {
  stop_ = true;
  inbound_.wake();
}

void RulesThread::join() {
  if (thread_.joinable()) thread_.join();
}

std::future<std::size_t> RulesThread::post_resend(WallTime from, WallTime to) {
  ResendRequest r{from, to, {}};
  auto done = r.done.get_future();
  {
    std::lock_guard lock(requests_mutex_);
    resends_.push_back(std::move(r));
  }
  inbound_.wake();
  return done;
}

std::future<OperatorAnswer> RulesThread::post(std::unique_ptr<OperatorRequest> request) {
  auto answer = request->answer.get_future();
  {
    std::lock_guard lock(requests_mutex_);
    requests_.push_back(std::move(request));
  }
  inbound_.wake();
  return answer;
}

SteadyTime RulesThread::next_deadline() const {
  const SteadyTime now = SteadyClock::now();
  SteadyTime next = std::min(engine_.next_deadline(), telemetry_.next_deadline());
  next = std::min(next, now + kMaxIdle);
  return std::max(next, now);
}

void RulesThread::run() {
  spdlog::info("[rules] started: {} points", points_.size());
  std::vector<Sample> samples;
  publish_snapshot(true);
  while (!stop_) {
    samples.clear();
    inbound_.pop_all(samples, next_deadline());
    try {
      turn(samples);
    } catch (const std::exception& e) {
      // Never let one bad turn end hazard detection; the error is logged with what was lost.
      spdlog::error("[rules] turn failed ({} samples): {}", samples.size(), e.what());
    }
    last_turn_.store(SteadyClock::now().time_since_epoch().count());
  }
  // Finish what is queued so a clean stop loses nothing that was read.
  samples.clear();
  inbound_.pop_all(samples, SteadyClock::now());
  if (!samples.empty()) turn(samples);
  publish_snapshot(true);
  spdlog::info("[rules] stopped");
}

void RulesThread::turn(std::vector<Sample>& samples) {
  const SteadyTime now = SteadyClock::now();
  const WallTime wall = WallClock::now();
  std::vector<rules::Condition> conditions;
  std::vector<AlarmEvent> events;
  for (const auto& s : samples) {
    engine_.on_sample(s, now, conditions);
    telemetry_.on_sample(s);
  }
  processed_ += samples.size();
  engine_.tick(now, wall, conditions);
  for (const auto& c : conditions) book_.apply(c, events);
  handle_requests(events);
  book_.tick(wall, events);

  std::vector<telemetry::TelemetryBatch> batches;
  std::vector<telemetry::PointStatistics> statistics;
  telemetry_.collect(now, wall, batches, statistics);

  CommitBatch batch;
  encode(events, batches, statistics, batch);
  handle_resends(batch);
  batch.events = std::move(events);
  batch.alarm_changes = book_.take_changes();
  batch.last_seq = seq_.load();
  if (!batch.empty()) {
    for (const auto& e : batch.events)
      spdlog::info("[rules] alarm {} {} {} level={} value={} state={}{}", e.alarm_id,
                   to_string(e.kind), e.point.id, e.level, e.value, to_string(e.state),
                   e.major_hazard ? " MAJOR HAZARD" : "");
    const bool has_messages = !batch.messages.empty();
    store_.commit(batch);
    if (has_messages && wake_publisher_) wake_publisher_();
  }
  publish_snapshot(!batch.events.empty());
  if (now >= next_prune_) {
    prune_history(wall);
    next_prune_ = now + prune_interval_;
  }
}

void RulesThread::prune_history(WallTime now) {
  // A little at a time: a large delete must never hold up hazard detection. What is left over is
  // taken at the next interval.
  std::size_t budget = 500;
  for (const auto& [point, keep] : retention_) {
    if (budget == 0) break;
    budget -= std::min(budget, store_.prune_step(point, now - keep, budget));
  }
}

void RulesThread::handle_resends(CommitBatch& batch) {
  std::deque<ResendRequest> pending;
  {
    std::lock_guard lock(requests_mutex_);
    pending.swap(resends_);
  }
  for (auto& r : pending) {
    // History is read on the rules thread's own turn, so a resend never races the writer.
    std::size_t count = 0;
    try {
      std::vector<Sample> samples = store_.history("", r.from, r.to, 100'000);
      count = samples.size();
      const WallTime wall = WallClock::now();
      std::vector<PointInfo> infos;
      for (std::size_t i = 0; i < samples.size(); i += 500) {
        const auto end = std::min(samples.size(), i + 500);
        std::vector<Sample> chunk(samples.begin() + static_cast<std::ptrdiff_t>(i),
                                  samples.begin() + static_cast<std::ptrdiff_t>(end));
        infos.clear();
        for (const auto& s : chunk) {
          auto it = points_.find(s.point);
          infos.push_back(it == points_.end() ? PointInfo{} : it->second);
        }
        store::OutboundMessage m;
        m.id = make_ulid(wall);
        m.seq = ++seq_;
        m.lane = store::Lane::telemetry;
        m.topic = topics_.telemetry();
        m.payload = encoder_.mark_resent(
            encoder_.telemetry(chunk, infos, false, m.id, m.seq, chunk.front().time));
        m.created = wall;
        batch.messages.push_back(std::move(m));
      }
    } catch (const std::exception& e) {
      spdlog::error("[rules] resend of history failed: {}", e.what());
    }
    r.done.set_value(count);
  }
}

void RulesThread::handle_requests(std::vector<AlarmEvent>& events) {
  std::deque<std::unique_ptr<OperatorRequest>> pending;
  {
    std::lock_guard lock(requests_mutex_);
    pending.swap(requests_);
  }
  const WallTime now = WallClock::now();
  for (auto& r : pending) {
    alarms::Refusal refusal;
    switch (r->kind) {
      case OperatorRequest::Kind::acknowledge:
        refusal = book_.acknowledge(r->alarm_id, r->by, now, events);
        break;
      case OperatorRequest::Kind::shelve:
        refusal = book_.shelve(r->alarm_id, r->duration, r->by, now, events);
        break;
      case OperatorRequest::Kind::unshelve:
        refusal = book_.unshelve(r->alarm_id, r->by, now, events);
        break;
      case OperatorRequest::Kind::remove_from_service:
        refusal = book_.set_out_of_service(r->alarm_id, true, r->by, now, events);
        break;
      case OperatorRequest::Kind::return_to_service:
        refusal = book_.set_out_of_service(r->alarm_id, false, r->by, now, events);
        break;
    }
    OperatorAnswer answer;
    answer.refusal = refusal;
    if (const alarms::AlarmRecord* rec = book_.find(r->alarm_id)) {
      answer.state = std::string(to_string(rec->state));
      answer.shelved_until = rec->shelved_until;
    } else if (!refusal) {
      answer.state = "normal";  // acknowledging a returned alarm ends it
    }
    r->answer.set_value(std::move(answer));
  }
}

void RulesThread::encode(const std::vector<AlarmEvent>& events,
                         const std::vector<telemetry::TelemetryBatch>& batches,
                         const std::vector<telemetry::PointStatistics>& statistics,
                         CommitBatch& out) {
  const WallTime wall = WallClock::now();
  for (const auto& e : events) {
    store::OutboundMessage m;
    m.id = make_ulid(e.time);
    m.seq = ++seq_;
    m.lane = store::Lane::alarm;
    m.topic = topics_.alarm();
    m.payload = encoder_.alarm(e, m.id, m.seq);
    m.point = e.point.id;
    m.created = wall;
    out.messages.push_back(std::move(m));
  }
  std::vector<PointInfo> infos;
  for (const auto& b : batches) {
    infos.clear();
    for (const auto& s : b.samples) {
      auto it = points_.find(s.point);
      infos.push_back(it == points_.end() ? PointInfo{} : it->second);
      out.history.push_back(s);
    }
    store::OutboundMessage m;
    m.id = make_ulid(b.time);
    m.seq = ++seq_;
    m.lane = store::Lane::telemetry;
    m.topic = topics_.telemetry();
    m.payload = encoder_.telemetry(b.samples, infos, b.snapshot, m.id, m.seq, b.time);
    m.created = wall;
    out.messages.push_back(std::move(m));
  }
  if (!statistics.empty()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& st : statistics) {
      items.push_back({{"point", st.point},
                       {"window_start", encoder_.format_time(st.window_start)},
                       {"window_s", st.window.count() / 1000},
                       {"min", st.min},
                       {"max", st.max},
                       {"avg", st.avg},
                       {"count", st.count}});
    }
    store::OutboundMessage m;
    m.id = make_ulid(wall);
    m.seq = ++seq_;
    m.lane = store::Lane::telemetry;
    m.topic = topics_.telemetry();
    m.payload = encoder_.wrap("statistics", {{"statistics", std::move(items)}}, m.id, m.seq,
                              statistics.front().window_start + statistics.front().window);
    m.created = wall;
    out.messages.push_back(std::move(m));
    out.statistics = statistics;
  }
}

void RulesThread::publish_snapshot(bool force) {
  const SteadyTime now = SteadyClock::now();
  if (!force && now < next_snapshot_) return;
  next_snapshot_ = now + kSnapshotPeriod;
  auto state = std::make_shared<LiveState>();
  state->updated = WallClock::now();
  state->alarms = book_.current();
  // The most urgent active alarm per point (lowest priority number).
  std::unordered_map<PointId, const alarms::AlarmRecord*> worst;
  for (const auto& a : state->alarms) {
    if (!a.condition_active) continue;
    auto& w = worst[a.point];
    if (w == nullptr || a.priority < w->priority) w = &a;
  }
  state->points.reserve(point_order_.size());
  for (const auto& id : point_order_) {
    PointView v;
    v.info = points_.at(id);
    if (const Sample* s = engine_.latest(id)) v.latest = *s;
    if (auto it = worst.find(id); it != worst.end()) {
      v.active_level = it->second->level;
      v.active_rule = it->second->rule;
    }
    state->points.push_back(std::move(v));
  }
  state->samples_processed = processed_;
  state->samples_refused = inbound_.refused();
  const StorageHealth health = store_.health();
  state->storage_failures = health.failed_commits;
  state->storage_problem = health.problem;
  board_.publish(std::move(state));
}

}  // namespace sw
