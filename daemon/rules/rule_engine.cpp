#include "rules/rule_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
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
  std::unordered_map<PointId, std::size_t> index;
  std::vector<CompositeSlot> composites;
  bool started = false;
  bool ticked = false;
  SteadyTime next_deadline = SteadyTime::max();
  std::optional<WallTime> next_calibration;
  std::uint64_t unknown_samples = 0;

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

  // After point i's value or quality changed: the points it feeds, its own feed rule, the
  // composite rules that read it.
  void after_change(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    PointSlot& p = points[i];
    if (!p.fed.empty()) {
      update_feed_view(p, at.steady);
      for (std::size_t j : p.fed) evaluate_feed(points[j], at, out);
    }
    evaluate_feed(p, at, out);
    for (std::size_t c : p.composites) {
      CompositeSlot& slot = composites[c];
      if (slot.unseen == 0) slot.evaluator.evaluate(values[slot.point], at, out);
    }
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
      p.latest.point = p.info.id;
      p.latest.time = at.wall;
      p.has_latest = true;
    }
    p.latest.quality = Quality::stale;
    p.latest.reason = reason;
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

  // A sample may start timers of its point, of the points it feeds and of its composites.
  void lower_deadline(std::size_t i) {
    next_deadline = std::min(next_deadline, point_deadline(i));
    for (std::size_t j : points[i].fed)
      next_deadline = std::min(next_deadline, points[j].feed.deadline());
    for (std::size_t c : points[i].composites)
      next_deadline = std::min(next_deadline, composites[c].evaluator.deadline());
  }
};

RuleEngine::Impl::Impl(std::vector<PointInfo>& infos, std::vector<PointRules>& rules,
                       std::vector<CompositeRule>& rule_list) {
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
  auto it = e.index.find(sample.point);
  if (it == e.index.end()) {
    ++e.unknown_samples;
    return;
  }
  e.begin(now);
  const std::size_t i = it->second;
  Impl::PointSlot& p = e.points[i];
  const Moment at{now, sample.time};
  // Timers that ran out before this sample first, so transitions keep their order. Staleness is
  // not judged here: the sample proves the point alive (a late turn of the rules thread must not
  // make every point stale).
  e.advance_point(i, at, false, out);

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
  e.lower_deadline(i);
}

void RuleEngine::tick(SteadyTime now, WallTime wall_now, std::vector<Condition>& out) {
  Impl& e = *impl_;
  e.begin(now);
  const bool calibration_due = e.next_calibration && wall_now >= *e.next_calibration;
  if (e.ticked && now < e.next_deadline && !calibration_due) return;
  e.ticked = true;

  const Moment m{now, wall_now};
  for (std::size_t i = 0; i < e.points.size(); ++i) e.advance_point(i, m, true, out);
  for (auto& c : e.composites) c.evaluator.advance(m, out);
  for (auto& p : e.points) p.calibration.evaluate(wall_now, out);

  SteadyTime next = SteadyTime::max();
  for (std::size_t i = 0; i < e.points.size(); ++i) next = std::min(next, e.point_deadline(i));
  for (const auto& c : e.composites) next = std::min(next, c.evaluator.deadline());
  e.next_calibration.reset();
  for (const auto& p : e.points)
    if (auto t = p.calibration.next_change())
      e.next_calibration = e.next_calibration ? std::min(*e.next_calibration, *t) : *t;
  // Wall time is not steady time (NTP may step it): the calibration deadline is re-derived on
  // every tick, and checked against wall time too.
  if (e.next_calibration)
    next = std::min(next, now + std::chrono::duration_cast<SteadyClock::duration>(
                                    *e.next_calibration - wall_now));
  e.next_deadline = next;
}

SteadyTime RuleEngine::next_deadline() const {
  return impl_->ticked ? impl_->next_deadline : SteadyTime::min();
}

const Sample* RuleEngine::latest(const PointId& point) const {
  auto it = impl_->index.find(point);
  if (it == impl_->index.end()) return nullptr;
  const auto& p = impl_->points[it->second];
  return p.has_latest ? &p.latest : nullptr;
}

std::uint64_t RuleEngine::unknown_samples() const {
  return impl_->unknown_samples;
}

}  // namespace sw::rules
