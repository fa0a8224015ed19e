// SPDX-License-Identifier: Apache-2.0
#include "rules_thread.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/thread_name.hpp"
#include "core/ulid.hpp"
#include "hazard_deadlines.hpp"
#include "site_messages.hpp"
#include "uplink/hazard_message.hpp"

namespace sw {

namespace {
// Each point's deadband, by index (the config's point order).
std::vector<double> deadbands_of(const config::SiteConfig& config,
                                 const rules::RuleEngine& engine) {
  std::vector<double> out(config.points.size(), 0.0);
  for (const auto& r : config.point_rules)
    if (auto i = engine.index_of(r.point)) out[*i] = r.deadband;
  return out;
}

std::shared_ptr<const std::vector<PointInfo>> point_table_of(const config::SiteConfig& config) {
  auto table = std::make_shared<std::vector<PointInfo>>(config.points);
  for (std::size_t i = 0; i < table->size(); ++i) (*table)[i].index = static_cast<PointIndex>(i);
  return table;
}

// A turn's buffers are kept between turns (no allocation per sample), but the first turn, where
// every point reports each rule once, or an alarm flood grows them to megabytes at 10,000 points
// (a condition is about 900 bytes). Steady turns need a handful: give back what a burst took.
template <typename T>
bool release_burst(std::vector<T>& buffer) {
  constexpr std::size_t kKept = 256;
  if (buffer.capacity() <= 16 * kKept) return false;
  std::vector<T>().swap(buffer);
  buffer.reserve(kKept);
  return true;
}

// The rules thread turns at least this often, so statistics windows and shelving expiry are timely.
constexpr Millis kMaxIdle{1000};
// How often the store's upkeep (retention, disk budget) gets a slice.
constexpr Millis kUpkeepPeriod{250};
constexpr Millis kTrimPeriod{30'000};

GatewayStore::HazardMessageFn hazard_messages_of(const config::SiteConfig& config,
                                                 MessageSeq& seq) {
  auto encoder = std::make_shared<const uplink::MessageEncoder>(encoder_of(config));
  const uplink::Topics topics = topics_of(config);
  return [encoder, topics, &seq](const store::HazardRecord& r, const store::HazardStep& step) {
    store::OutboundMessage m;
    m.id = make_ulid(step.time);
    m.seq = seq.next_unreserved();  // written with last_seq in the step's transaction
    m.lane = store::Lane::alarm;  // a step of the 隐患台账 is as durable and urgent as an alarm
    m.topic = topics.hazard();
    m.payload = uplink::hazard_message(*encoder, r, step, m.id, m.seq);
    m.point = r.point;
    m.created = WallClock::now();
    return m;
  };
}
}  // namespace

RulesThread::RulesThread(const config::SiteConfig& config, GatewayStore& store,
                         BlockingQueue<Sample>& inbound, LiveStateBoard& board, MessageSeq& seq,
                         std::function<void()> wake_publisher, GatewayEvents& gateway_events,
                         GatewayConditions& gateway_conditions)
    : points_(point_table_of(config)),
      store_(store),
      inbound_(inbound),
      board_(board),
      wake_publisher_(std::move(wake_publisher)),
      gateway_events_(gateway_events),
      gateway_conditions_(gateway_conditions),
      encoder_(encoder_of(config)),
      topics_(topics_of(config)),
      engine_(config.points, config.point_rules, config.composites),
      book_(
          [this](const PointId& id) {
            const auto i = engine_.index_of(id);
            if (!i) {
              PointInfo unknown;
              unknown.id = id;
              return unknown;
            }
            return (*points_)[*i];
          },
          config.alarms),
      telemetry_(config.telemetry, deadbands_of(config, engine_), SteadyClock::now()),
      seq_(seq),
      hazard_messages_(hazard_messages_of(config, seq)) {
  // A point's own max_out_of_service and its `masked` clause and category: the out-of-service
  // reminder is the `masked` alarm of the point (issue 17 §2).
  book_.set_service_limits([this](const PointId& id) {
    alarms::ServiceLimit limit;
    const auto i = engine_.index_of(id);
    if (!i) return limit;
    if (const rules::RuleSettings* s = engine_.settings(*i)) {
      limit.max_out_of_service = s->max_out_of_service;
      limit.clause = s->masked_clause;
      limit.hazard_category = s->masked_hazard_category;
    }
    return limit;
  });
  {
    std::vector<std::string> ids;
    ids.reserve(points_->size());
    for (const auto& p : *points_) ids.push_back(p.id);
    store_keys_ = store_.point_keys(ids);
    // How long each point's history is kept: its profile's retention (e.g. 93 days for coal
    // methane, 第498条 data ≥ 3 months) or [store] history_retention.
    std::vector<std::pair<std::int64_t, Millis>> retention;
    for (const auto& r : config.point_rules)
      if (auto i = engine_.index_of(r.point))
        retention.emplace_back(store_keys_[*i],
                               r.retention.value_or(config.store.history_retention));
    store_.set_retention(std::move(retention), config.store.history_retention);
  }
}

void RulesThread::restore_from_store() {
  book_.restore(store_.load_alarm_state());
  end_alarms_of_removed_points();
}

void RulesThread::carry_over(RulesThread& old) {
  const SteadyTime now = SteadyClock::now();
  engine_.carry_over(old.engine_, now);
  PointCarryOver from(points_->size(), kNoPointIndex);
  for (std::size_t i = 0; i < from.size(); ++i)
    if (auto j = old.engine_.index_of((*points_)[i].id)) from[i] = *j;
  telemetry_.carry_over(old.telemetry_, from);
  book_.carry_over(old.book_);
  processed_ = old.processed_;
  initial_events_ = std::move(old.initial_events_);  // if the old thread never turned
  unencoded_ = std::move(old.unencoded_);
  end_alarms_of_removed_points();
}

void RulesThread::adopt_requests(RulesThread& old) {
  std::scoped_lock lock(requests_mutex_, old.requests_mutex_);
  for (auto& r : old.requests_) requests_.push_back(std::move(r));
  old.requests_.clear();
}

void RulesThread::end_alarms_of_removed_points() {
  std::vector<AlarmEvent>& events = initial_events_;
  const std::size_t before = events.size();
  for (const auto& a : book_.current()) {
    // A hazard's overdue alarm may be on no configured point; the register ends it. The
    // gateway's own alarms (its ledger) are on none either.
    if (engine_.index_of(a.point) || a.rule == kHazardOverdueRule ||
        GatewayConditions::is_gateway_source(a.source))
      continue;
    rules::Condition gone;
    gone.source = a.source;
    gone.rule = a.rule;
    gone.point = a.point;
    gone.active = false;
    gone.time = WallClock::now();
    gone.message = "point removed from the configuration";
    book_.apply(gone, events);
  }
  if (events.size() > before)
    spdlog::warn("[rules] {} alarm event(s) for points no longer configured",
                 events.size() - before);
}

RulesThread::~RulesThread() {
  request_stop();
  join();
}

void RulesThread::start() {
  store_.set_hazard_messages(hazard_messages_);
  thread_ = std::thread([this] { run(); });
  waker_id_ = board_.set_waker([this] { inbound_.wake(); });
  gateway_events_.set_waker([this] { inbound_.wake(); });
  gateway_conditions_.set_waker([this] { inbound_.wake(); });
}

void RulesThread::request_stop() {
  stop_ = true;
  inbound_.wake();
}

void RulesThread::join() {
  board_.clear_waker(waker_id_);
  gateway_events_.set_waker({});
  gateway_conditions_.set_waker({});
  if (thread_.joinable()) thread_.join();
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
  name_this_thread("sw-rules");
  spdlog::info("[rules] started: {} points", points_->size());
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
  try {
    if (!samples.empty() || has_pending_work() || !initial_events_.empty()) turn(samples);
  } catch (const std::exception& e) {
    spdlog::error("[rules] last turn failed ({} samples): {}", samples.size(), e.what());
  }
  if (!unencoded_.empty())
    spdlog::error(
        "[rules] stopped with {} alarm events in the ledger whose messages could not be "
        "made: the platform does not get them",
        unencoded_.size());
  publish_snapshot(true);
  spdlog::info("[rules] stopped");
}

void RulesThread::turn(std::vector<Sample>& samples) {
  const SteadyTime now = SteadyClock::now();
  const WallTime wall = WallClock::now();
  std::vector<rules::Condition>& conditions = conditions_;
  std::vector<AlarmEvent>& events = events_;
  conditions.clear();
  events.clear();
  const bool released = release_burst(conditions);
  if (release_burst(events) || released)
    // free() hands back only the top of the heap; a burst's buffers freed in the middle (the first
    // turn's, after start-up's config was trimmed) would stay resident for the daemon's life.
    malloc_trim(0);
  if (!initial_events_.empty()) events.swap(initial_events_);
  batches_.clear();
  statistics_.clear();
  for (auto& s : samples) {
    engine_.judge_range(s);  // past its measuring range: out_of_range, the limit as value
    const std::size_t before = conditions.size();
    engine_.on_sample(s, now, conditions);
    if (conditions.size() > before) drop_idle_reports(conditions, before);
    telemetry_.on_sample(s);
  }
  processed_ += samples.size();
  const std::size_t before_tick = conditions.size();
  engine_.tick(now, wall, conditions);
  drop_idle_reports(conditions, before_tick);
  engine_.finish_turn(wall, conditions);
  gateway_conditions_.take(conditions);
  for (const auto& c : conditions) book_.apply(c, events);
  handle_requests(events);
  book_.tick(wall, events);

  telemetry_.collect(now, wall, batches_, statistics_);
  if (events.empty() && batches_.empty() && statistics_.empty() && unencoded_.empty() &&
      !has_pending_work()) {
    // A turn of plain samples: nothing to write or tell anyone.
    publish_snapshot(!answers_.empty());
    answer_requests();
    maintain_store(now, wall);
    return;
  }

  CommitBatch batch;
  make_messages(events, batch);
  batch.events = std::move(events);
  batch.alarm_changes = book_.take_changes();
  batch.last_seq = seq_.last();
  if (!batch.empty()) {
    for (const auto& e : batch.events)
      spdlog::info("[rules] alarm {} {} {} level={} value={} state={}{}{}", e.alarm_id,
                   to_string(e.kind), e.point.id, e.level, e.value, to_string(e.state),
                   e.major_hazard ? " MAJOR HAZARD" : "", e.held_back ? " (held back)" : "");
    const bool has_messages = !batch.messages.empty();
    store_.commit(batch);
    if (has_messages && wake_publisher_) wake_publisher_();
  }
  publish_snapshot(!batch.events.empty() || !answers_.empty());
  answer_requests();
  maintain_store(now, wall);
}

void RulesThread::drop_idle_reports(std::vector<rules::Condition>& conditions,
                                    std::size_t from) const {
  // The engine reports every source once when it first judges it; an inactive report of a source
  // the book has no alarm of changes nothing (AlarmBook::apply). Dropped as they are made, the
  // first turn of a 10,000-point site no longer holds ~30,000 conditions (9 MB) at once.
  const auto idle = [this](const rules::Condition& c) {
    return !c.active && book_.find_by_source(c.source) == nullptr;
  };
  conditions.erase(std::remove_if(conditions.begin() + static_cast<std::ptrdiff_t>(from),
                                  conditions.end(), idle),
                   conditions.end());
}

void RulesThread::maintain_store(SteadyTime now, WallTime wall) {
  // The rules thread turns for every poll batch (hundreds of times a second on a large site);
  // the store's upkeep scales its slice with the rows written since the last call, so a few
  // calls a second keep pace at a fraction of the cost.
  if (now < next_upkeep_) return;
  next_upkeep_ = now + kUpkeepPeriod;
  store_.maintain(wall);
  if (now >= next_trim_) {
    // glibc hands freed memory back to the system only from the top of the heap: what turns,
    // snapshots and SQLite freed below it stays resident until trimmed (~9 MB at 10,000 points).
    // A trim walks the free lists, well under a millisecond, twice a minute.
    next_trim_ = now + kTrimPeriod;
    malloc_trim(0);
  }
}

bool RulesThread::has_pending_work() {
  std::lock_guard lock(requests_mutex_);
  return book_.has_changes() || gateway_events_.pending() || gateway_conditions_.pending();
}

void RulesThread::answer_requests() {
  for (auto& [request, answer] : answers_) request->answer.set_value(std::move(answer));
  answers_.clear();
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
        refusal = book_.shelve(r->alarm_id, r->duration, r->by, now, events, r->reason);
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
    // Answered once the turn is written and its snapshot published (answer_requests): whoever
    // asked and then looks at `alarms` must see what they did.
    answers_.emplace_back(std::move(r), std::move(answer));
  }
}

namespace {
// Alarm events waiting for their messages while making them fails: beyond this the oldest are
// given up (they stay in the ledger), so a lasting fault cannot eat the memory.
constexpr std::size_t kMaxUnencoded = 10'000;
}  // namespace

void RulesThread::make_messages(const std::vector<AlarmEvent>& events, CommitBatch& batch) {
  try {
    if (!unencoded_.empty()) encode(unencoded_, {}, {}, batch);
    encode(events, batches_, statistics_, batch);
    encode_gateway_events(batch);
    unencoded_.clear();
  } catch (const std::exception& e) {
    // The alarm book has moved on: its events must not be lost with the messages. They are
    // ledgered with this turn and their messages made again next turn (new seqs: a gap, never a
    // repeat). The turn's telemetry and gateway events are lost, and said so.
    batch.messages.clear();
    batch.history.clear();
    batch.statistics.clear();
    unencoded_.insert(unencoded_.end(), events.begin(), events.end());
    if (unencoded_.size() > kMaxUnencoded) {
      const std::size_t dropped = unencoded_.size() - kMaxUnencoded;
      unencoded_.erase(unencoded_.begin(),
                       unencoded_.begin() + static_cast<std::ptrdiff_t>(dropped));
      spdlog::error("[rules] {} alarm events will have no message (in the ledger only)", dropped);
    }
    spdlog::error(
        "[rules] cannot make this turn's messages: {}; {} alarm events wait for their messages "
        "(ledgered now, sent when they can be made); this turn's telemetry and gateway events "
        "are lost",
        e.what(), unencoded_.size());
  }
}

void RulesThread::encode(const std::vector<AlarmEvent>& events,
                         const std::vector<telemetry::TelemetryBatch>& batches,
                         const std::vector<telemetry::PointStatistics>& statistics,
                         CommitBatch& out) {
  const WallTime wall = WallClock::now();
  for (const auto& e : events) {
    if (e.held_back) continue;  // in the ledger; a `chattering` summary counts it
    store::OutboundMessage m;
    m.id = make_ulid(e.time);
    m.seq = seq_.next();
    m.lane = store::Lane::alarm;
    m.topic = topics_.alarm();
    m.payload = encoder_.alarm(e, m.id, m.seq);
    m.point = e.point.id;
    m.created = wall;
    out.messages.push_back(std::move(m));
  }
  if (encode_faults_ > 0 && encode_faults_-- > 0)
    throw std::runtime_error("injected: making the messages failed");
  for (const auto& b : batches) {
    for (const Sample& s : b.samples) {
      // A failed read has no value: NaN (NULL in the store), never a 0 that looks real. Past the
      // range on a known side, the range limit is what the reading is at least.
      const bool good =
          (s.quality == Quality::good || s.over_range != RangeSide::none) && std::isfinite(s.value);
      out.history.push_back({store_keys_[s.point], to_epoch_ms(s.time),
                             good ? s.value : std::numeric_limits<double>::quiet_NaN(), s.quality});
    }
    store::OutboundMessage m;
    m.id = make_ulid(b.time);
    m.seq = seq_.next();
    m.lane = store::Lane::telemetry;
    m.topic = topics_.telemetry();
    m.payload = encoder_.telemetry(b.samples, *points_, b.snapshot, m.id, m.seq, b.time);
    m.created = wall;
    out.messages.push_back(std::move(m));
  }
  if (!statistics.empty()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& st : statistics) {
      items.push_back({{"point", (*points_)[st.point].id},
                       {"window_start", encoder_.format_time(st.window_start)},
                       {"window_s", st.window.count() / 1000},
                       {"min", st.min},
                       {"max", st.max},
                       {"avg", st.avg},
                       {"count", st.count}});
    }
    store::OutboundMessage m;
    m.id = make_ulid(wall);
    m.seq = seq_.next();
    m.lane = store::Lane::telemetry;
    m.topic = topics_.telemetry();
    m.payload = encoder_.wrap("statistics", {{"statistics", std::move(items)}}, m.id, m.seq,
                              statistics.front().window_start + statistics.front().window);
    m.created = wall;
    out.messages.push_back(std::move(m));
    for (const auto& st : statistics)
      out.statistics.push_back(
          {store_keys_[st.point], st.window_start, st.window, st.min, st.max, st.avg, st.count});
  }
}

void RulesThread::encode_gateway_events(CommitBatch& out) {
  gateway_events_taken_.clear();
  gateway_events_.take(gateway_events_taken_);
  const WallTime wall = WallClock::now();
  for (auto& e : gateway_events_taken_) {
    store::OutboundMessage m;
    m.id = make_ulid(e.time);
    m.seq = seq_.next();
    m.lane = store::Lane::event;
    m.topic = topics_.event();
    m.payload = encoder_.event(e.name, e.message, std::move(e.detail), m.id, m.seq, e.time);
    m.created = wall;
    out.messages.push_back(std::move(m));
  }
}

void RulesThread::publish_snapshot(bool force) {
  // Only when a reader asked (LiveStateBoard): walking every point for nobody costs a large
  // site more than its samples do.
  if (!force && !board_.wanted()) return;
  auto state = std::make_shared<LiveState>();
  state->updated = WallClock::now();
  state->alarms = book_.current();
  state->point_table = points_;
  state->rule_points = engine_.point_table();
  state->samples_processed = processed_;
  state->samples_refused = inbound_.refused();
  const StorageHealth health = store_.health();
  state->storage_failures = health.failed_commits;
  state->storage_problem = health.problem;
  if (board_.points_wanted()) add_point_views(*state);
  board_.publish(std::move(state));
}

void RulesThread::add_point_views(LiveState& state) const {
  const std::vector<PointInfo>& table = *points_;
  state.has_points = true;
  state.points.resize(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    PointView& v = state.points[i];
    v.info = &table[i];
    if (const Sample* s = engine_.latest(static_cast<PointIndex>(i))) v.latest = *s;
  }
  // The most urgent active alarm per point (lowest priority number): only the alarms are walked.
  for (const auto& a : state.alarms) {
    if (!a.condition_active) continue;
    const auto i = engine_.index_of(a.point);
    if (!i) continue;
    PointView& v = state.points[*i];
    if (!v.active_level.empty() && v.active_priority <= a.priority) continue;
    v.active_level = a.level;
    v.active_rule = a.rule;
    v.active_priority = a.priority;
  }
}

}  // namespace sw
