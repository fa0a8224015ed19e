#include "rules/rule_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "rules/calibration_rule.hpp"
#include "rules/composite_evaluator.hpp"
#include "rules/expression.hpp"
#include "rules/fault_rule.hpp"
#include "rules/feed_rule.hpp"
#include "rules/limit_rule.hpp"
#include "rules/rate_rule.hpp"
#include "rules/stuck_rule.hpp"

namespace sw::rules {

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
const std::string kOk = ".ok";
}  // namespace

struct RuleEngine::Impl {
  struct PointSlot {
    PointSlot(const PointInfo& point, const PointRules& rules)
        : info(point),
          stale_after(rules.stale_after ? rules.stale_after
                                        : default_stale_after(point.poll_period)),
          limit(point, rules),
          fault(point, rules),
          feed(point, rules),
          rate(point, rules),
          stuck(point, rules),
          calibration(point, rules) {}

    PointInfo info;
    Sample latest;
    bool has_latest = false;
    bool seen = false;  // a sample arrived, or it went stale: composites can judge it
    std::optional<Millis> stale_after;
    SteadyTime last_sample_at{};
    bool stale = false;
    FeedView as_feed;  // what this point says when another point's feed
    LimitRule limit;
    FaultRule fault;
    FeedRule feed;
    RateRule rate;
    StuckRule stuck;
    CalibrationRule calibration;
    std::size_t feed_index = kNone;
    std::vector<std::size_t> fed;         // points whose feed this point is
    std::vector<std::size_t> composites;  // composite rules that read this point
  };

  struct CompositeSlot {
    CompositeEvaluator evaluator;
    std::size_t point;
    std::size_t unseen;  // input points without a sample yet: judged once all have one
  };

  // Per-point values the composite expressions read (muparser holds pointers into them, so they
  // are allocated once and never move).
  std::unique_ptr<double[]> values;
  std::unique_ptr<double[]> ok;
  std::vector<PointSlot> points;
  // Id → index, for building the engine and for look-ups off the hot path (never per sample).
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<CompositeSlot> composites;
  bool started = false;
  bool ticked = false;
  // Each point's earliest pending deadline sits in a min-heap. An entry is live while it equals
  // armed[i]; a later, lower deadline supersedes it (the old entry is skipped when it surfaces). A
  // deadline that moves later (a sample pushed the stale check back) keeps its entry: it fires
  // early, finds nothing due and re-arms at the new time, so a sample costs no heap push.
  using Timer = std::pair<SteadyTime, std::size_t>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  std::vector<SteadyTime> armed;
  std::vector<std::size_t> due;  // kept between ticks: cleared, not freed
  SteadyTime composites_next = SteadyTime::max();
  std::optional<WallTime> next_calibration;
  SteadyTime calibration_next = SteadyTime::max();
  std::uint64_t unknown_samples = 0;

  // Makes the heap's top exact, so next_deadline() is the real next deadline: drops superseded
  // entries and moves one whose deadline went later (a sample deferred the stale check) to its
  // real time. Touches only entries that reach the top, at most once each per deadline.
  void settle_top() {
    while (!timers.empty()) {
      const auto [t, i] = timers.top();
      if (t != armed[i]) {
        timers.pop();
        continue;
      }
      const SteadyTime real = point_deadline(i);
      if (real == t) return;
      timers.pop();
      armed[i] = SteadyTime::max();
      arm(i);
    }
  }

  void arm(std::size_t i) {
    const SteadyTime d = point_deadline(i);
    if (d < armed[i]) {
      armed[i] = d;
      timers.emplace(d, i);
    }
  }

  Impl(std::vector<PointInfo>& infos, std::vector<PointRules>& rules,
       std::vector<CompositeRule>& rule_list);

  // The first moment the engine sees: every point's silence and every feed's state count from it.
  void begin(SteadyTime now) {
    if (started) return;
    started = true;
    for (auto& p : points) {
      p.last_sample_at = now;
      p.as_feed.not_off_since = now;
    }
  }

  void note_seen(std::size_t i) {
    PointSlot& p = points[i];
    if (p.seen) return;
    p.seen = true;
    for (std::size_t c : p.composites) --composites[c].unseen;
  }

  void update_feed_view(PointSlot& p, SteadyTime now) {
    const bool good = p.has_latest && p.latest.quality == Quality::good;
    const FeedView::State state = !good                              ? FeedView::State::unknown
                                  : p.latest.value >= kFeedOnAtLeast ? FeedView::State::on
                                                                     : FeedView::State::off;
    if (state != FeedView::State::off && p.as_feed.state == FeedView::State::off)
      p.as_feed.not_off_since = now;
    p.as_feed.state = state;
    p.as_feed.quality = p.has_latest ? p.latest.quality : Quality::stale;
  }

  void evaluate_feed(PointSlot& p, const Moment& at, std::vector<Condition>& out) {
    if (p.feed_index != kNone) p.feed.evaluate(p.limit, points[p.feed_index].as_feed, at, out);
  }

  void evaluate_composite(CompositeSlot& slot, const Moment& at, std::vector<Condition>& out) {
    if (slot.unseen != 0) return;
    slot.evaluator.evaluate(values[slot.point], at, out);
    composites_next = std::min(composites_next, slot.evaluator.deadline());
  }

  // After point i's value or quality changed: the points it feeds, its own feed rule, the
  // composite rules that read it.
  void after_change(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    PointSlot& p = points[i];
    if (!p.fed.empty()) {
      update_feed_view(p, at.steady);
      for (std::size_t j : p.fed) {
        evaluate_feed(points[j], at, out);
        arm(j);  // the feed's change may start or end the fed point's cut-time timer
      }
    }
    evaluate_feed(p, at, out);
    for (std::size_t c : p.composites) evaluate_composite(composites[c], at, out);
    arm(i);
  }

  // Timers of point i that ran out by `now` (and its staleness, when `check_stale`).
  void advance_point(std::size_t i, const Moment& now, bool check_stale,
                     std::vector<Condition>& out) {
    PointSlot& p = points[i];
    p.limit.advance(now, out);
    if (check_stale && p.stale_after && !p.stale && now.steady >= p.last_sample_at + *p.stale_after)
      mark_stale(i, moment_at(now, p.last_sample_at + *p.stale_after), out);
    p.fault.advance(now, out);
    p.stuck.advance(now, out);
    evaluate_feed(p, now, out);
  }

  void mark_stale(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    PointSlot& p = points[i];
    p.stale = true;
    const std::string reason = "no sample for " + format_duration(*p.stale_after);
    if (!p.has_latest) {
      p.latest.time = at.wall;
      p.has_latest = true;
    }
    p.latest.quality = Quality::stale;
    p.latest.reason = reason;
    p.latest.point = static_cast<PointIndex>(i);
    values[i] = std::numeric_limits<double>::quiet_NaN();
    ok[i] = 0;
    p.fault.on_quality(Quality::stale, reason, at, out);
    p.limit.hold();
    p.rate.forget();
    p.stuck.forget();
    note_seen(i);
    after_change(i, at, out);
  }

  SteadyTime point_deadline(std::size_t i) const {
    const PointSlot& p = points[i];
    SteadyTime next =
        std::min({p.limit.deadline(), p.fault.deadline(), p.stuck.deadline(), p.feed.deadline()});
    if (p.stale_after && !p.stale) next = std::min(next, p.last_sample_at + *p.stale_after);
    return next;
  }
};

RuleEngine::Impl::Impl(std::vector<PointInfo>& infos, std::vector<PointRules>& rules,
                       std::vector<CompositeRule>& rule_list) {
  // The sample's index is the point's position here, whatever the caller numbered it.
  for (std::size_t i = 0; i < infos.size(); ++i) infos[i].index = static_cast<PointIndex>(i);
  for (std::size_t i = 0; i < infos.size(); ++i)
    if (!index.emplace(infos[i].id, i).second)
      throw std::invalid_argument("duplicate point id \"" + infos[i].id + "\"");
  std::vector<const PointRules*> rules_of(infos.size(), nullptr);
  for (const auto& r : rules) {
    auto it = index.find(r.point);
    if (it == index.end())
      throw std::invalid_argument("rules for unknown point \"" + r.point + "\"");
    rules_of[it->second] = &r;
  }
  points.reserve(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    PointRules defaults;
    defaults.point = infos[i].id;
    points.emplace_back(infos[i], rules_of[i] != nullptr ? *rules_of[i] : defaults);
  }
  // From here on the ids the index views are the engine's own copies.
  index.clear();
  for (std::size_t i = 0; i < points.size(); ++i) index.emplace(points[i].info.id, i);
  armed.assign(points.size(), SteadyTime::max());
  due.reserve(points.size());
  std::vector<Timer> storage;
  storage.reserve(points.size() + 64);
  timers = decltype(timers)(std::greater<>{}, std::move(storage));
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].feed.enabled()) continue;
    auto it = index.find(points[i].feed.feed());
    if (it == index.end())
      throw std::invalid_argument("point \"" + points[i].info.id + "\": unknown feed point \"" +
                                  points[i].feed.feed() + "\"");
    points[i].feed_index = it->second;
    points[it->second].fed.push_back(i);
  }

  values = std::make_unique<double[]>(points.size());
  ok = std::make_unique<double[]>(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    values[i] = std::numeric_limits<double>::quiet_NaN();
    ok[i] = 0;
  }

  composites.reserve(rule_list.size());
  for (const auto& rule : rule_list) {
    auto point = index.find(rule.point);
    if (point == index.end())
      throw std::invalid_argument("rule \"" + rule.name + "\": unknown point \"" + rule.point +
                                  "\"");
    std::vector<std::size_t> inputs;
    auto bind = [&](const std::string& name, std::string& problem) -> double* {
      if (auto it = index.find(name); it != index.end()) {
        inputs.push_back(it->second);
        return &values[it->second];
      }
      if (name.size() > kOk.size() && name.ends_with(kOk))
        if (auto it = index.find(name.substr(0, name.size() - kOk.size())); it != index.end()) {
          inputs.push_back(it->second);
          return &ok[it->second];
        }
      problem = "unknown point \"" + name + "\"";
      return nullptr;
    };
    try {
      Expression expression(rule.expression, bind);
      std::sort(inputs.begin(), inputs.end());
      inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
      const std::size_t c = composites.size();
      composites.push_back(
          {CompositeEvaluator(rule, std::move(expression)), point->second, inputs.size()});
      for (std::size_t i : inputs) points[i].composites.push_back(c);
    } catch (const ExpressionError& e) {
      throw std::invalid_argument("rule \"" + rule.name + "\": " + e.what());
    }
  }
}

RuleEngine::RuleEngine(std::vector<PointInfo> points, std::vector<PointRules> rules,
                       std::vector<CompositeRule> composites)
    : impl_(std::make_unique<Impl>(points, rules, composites)) {}

RuleEngine::~RuleEngine() = default;

void RuleEngine::on_sample(const Sample& sample, SteadyTime now, std::vector<Condition>& out) {
  Impl& e = *impl_;
  if (sample.point >= e.points.size()) {
    ++e.unknown_samples;
    return;
  }
  e.begin(now);
  const std::size_t i = sample.point;
  Impl::PointSlot& p = e.points[i];
  const Moment at{now, sample.time};
  // Timers that ran out before this sample first, so transitions keep their order. Staleness is
  // not judged here: the sample proves the point alive (a late turn of the rules thread must not
  // make every point stale). armed[i] is never later than the point's real next deadline, so
  // when it lies ahead nothing of this point is due and the walk over its rules is skipped.
  if (e.armed[i] <= now) e.advance_point(i, at, false, out);

  p.latest = sample;
  p.has_latest = true;
  p.last_sample_at = now;
  p.stale = false;
  // A "good" reading that is not a number is a driver's failure, never a value.
  if (sample.quality == Quality::good && !std::isfinite(sample.value)) {
    p.latest.quality = Quality::out_of_range;
    p.latest.reason = "not a finite number";
  }
  const bool good = p.latest.quality == Quality::good;
  e.values[i] = good ? sample.value : std::numeric_limits<double>::quiet_NaN();
  e.ok[i] = good ? 1 : 0;

  p.fault.on_quality(p.latest.quality, p.latest.reason, at, out);
  if (good) {
    p.limit.on_value(sample.value, at, out);
    p.rate.on_value(sample.value, sample.time, at, out);
    p.stuck.on_value(sample.value, at, out);
  } else {
    p.limit.hold();
    p.rate.forget();
    p.stuck.forget();
  }
  e.note_seen(i);
  e.after_change(i, at, out);
}

void RuleEngine::tick(SteadyTime now, WallTime wall_now, std::vector<Condition>& out) {
  Impl& e = *impl_;
  e.begin(now);
  const Moment m{now, wall_now};
  const bool first = !e.ticked;
  e.ticked = true;
  if (first)
    for (std::size_t i = 0; i < e.points.size(); ++i) e.arm(i);

  // The timers due now, taken out first: what they re-arm waits for the next tick, so a deadline
  // that stays in the past can never keep this loop going.
  e.due.clear();
  while (!e.timers.empty() && e.timers.top().first <= now) {
    const auto [t, i] = e.timers.top();
    e.timers.pop();
    if (t != e.armed[i]) continue;  // superseded by an earlier deadline
    e.armed[i] = SteadyTime::max();
    e.due.push_back(i);
  }
  for (std::size_t i : e.due) {
    e.advance_point(i, m, true, out);
    e.arm(i);
  }
  e.settle_top();

  if (first || now >= e.composites_next) {
    e.composites_next = SteadyTime::max();
    for (auto& c : e.composites) {
      c.evaluator.advance(m, out);
      e.composites_next = std::min(e.composites_next, c.evaluator.deadline());
    }
  }

  // Wall time is not steady time (NTP may step it): the calibration deadline is checked against
  // wall time, and re-derived whenever calibrations are evaluated.
  const bool calibration_due = e.next_calibration && wall_now >= *e.next_calibration;
  if (first || calibration_due) {
    e.next_calibration.reset();
    for (auto& p : e.points) {
      p.calibration.evaluate(wall_now, out);
      if (auto t = p.calibration.next_change())
        e.next_calibration = e.next_calibration ? std::min(*e.next_calibration, *t) : *t;
    }
  }
  e.calibration_next =
      e.next_calibration
          ? now + std::chrono::duration_cast<SteadyClock::duration>(*e.next_calibration - wall_now)
          : SteadyTime::max();
}

SteadyTime RuleEngine::next_deadline() const {
  const Impl& e = *impl_;
  if (!e.ticked) return SteadyTime::min();
  SteadyTime next = std::min(e.composites_next, e.calibration_next);
  if (!e.timers.empty()) next = std::min(next, e.timers.top().first);
  return next;
}

const Sample* RuleEngine::latest(PointIndex point) const {
  if (point >= impl_->points.size()) return nullptr;
  const auto& p = impl_->points[point];
  return p.has_latest ? &p.latest : nullptr;
}

std::optional<PointIndex> RuleEngine::index_of(std::string_view id) const {
  auto it = impl_->index.find(id);
  if (it == impl_->index.end()) return std::nullopt;
  return static_cast<PointIndex>(it->second);
}

const Sample* RuleEngine::latest(std::string_view id) const {
  const auto i = index_of(id);
  return i ? latest(*i) : nullptr;
}

std::uint64_t RuleEngine::unknown_samples() const {
  return impl_->unknown_samples;
}

}  // namespace sw::rules
