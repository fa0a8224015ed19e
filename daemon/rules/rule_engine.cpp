// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "rules/calibration_rule.hpp"
#include "rules/composite_evaluator.hpp"
#include "rules/device_watch.hpp"
#include "rules/expression.hpp"
#include "rules/fault_rule.hpp"
#include "rules/feed_rule.hpp"
#include "rules/limit_rule.hpp"
#include "rules/masked_rule.hpp"
#include "rules/point_table.hpp"
#include "rules/rate_rule.hpp"
#include "rules/stuck_rule.hpp"

namespace sw::rules {

namespace {
const std::string kOk = ".ok";

// A list per point in one array (compressed rows): point i's entries are
// items[first[i] .. first[i + 1]). Empty for most points, so a vector per point would cost far
// more.
struct PerPointLists {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> items;

  // From (point, item) pairs; each point's items keep the order given.
  void build(std::size_t points, std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs) {
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    first.assign(points + 1, 0);
    for (const auto& [point, item] : pairs) ++first[point + 1];
    for (std::size_t i = 0; i < points; ++i) first[i + 1] += first[i];
    items.clear();
    items.reserve(pairs.size());
    for (const auto& [point, item] : pairs) items.push_back(item);
  }
  std::span<const std::uint32_t> of(std::size_t i) const {
    return {items.data() + first[i], items.data() + first[i + 1]};
  }
};
}  // namespace

struct RuleEngine::Impl {
  // What changes per point; what does not is in the PointTable. Members ordered by size.
  struct PointSlot {
    PointSlot(const RulePoint& point, DelayedSwitch* limit_states)
        : limit(limit_states), calibration(point) {}

    // What a repeated reading touches comes first (RuleEngine::on_sample's quiet path), so that
    // it reads and writes one or two cache lines of the slot, not all of it.
    Sample latest;
    SteadyTime last_sample_at{};
    bool has_latest = false;
    bool seen = false;  // a sample arrived, or it went stale: composites can judge it
    bool stale = false;
    // The next reading is judged in full, even a repeat: the device answers again, or a reload
    // gave the point new rules.
    bool judge_in_full = false;
    FeedView as_feed;  // what this point says when another point's feed
    LimitRule limit;
    FaultRule fault;
    MaskedRule masked;
    FeedRule feed;
    RateRule rate;
    StuckRule stuck;
    CalibrationRule calibration;
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
  // Shared, immutable: the console reads it for `limits` (the config's rules are freed).
  std::shared_ptr<const PointTable> shared_table;
  const PointTable& table;
  DeviceWatch devices;                      // one alarm for a device that does not answer
  std::vector<std::uint32_t> back_online;   // points of devices that answer again (kept, cleared)
  std::vector<DelayedSwitch> limit_states;  // every point's limit levels, in one array
  std::vector<PointSlot> points;
  // 1 where a reading equal to the last one can be taken on the quiet path: a point without a
  // rate-of-change rule (that rule judges each reading against the one before, repeats included)
  // that no composite rule reads and that is no other point's feed nor has one (their judgments
  // are made when a reading comes; kept on the full path rather than proved equal).
  std::vector<std::uint8_t> quiet_ok;
  PerPointLists fed;                   // points whose feed each point is
  std::vector<FeedInput> feed_inputs;  // evaluate_feed's scratch: kept, cleared
  PerPointLists point_composites;      // composite rules that read each point
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

  // Staleness is not a timer: every sample would move its point's deadline later, and at 10,000
  // points the heap's entries fired early and re-armed ~5,000 times a second (15 % of the
  // daemon's instructions). Each point's stale moment sits in a flat array instead, a sample
  // writes its slot, and a sweep at the earliest of them checks them all: a compare per point
  // about once per poll period, i.e. at most one per sample. sweep_next is never later than the
  // earliest stale moment.
  std::vector<SteadyClock::duration> stale_after;  // per point; 0: never stale
  std::vector<SteadyTime> stale_at;                // per point; max when stale or never
  SteadyTime sweep_next = SteadyTime::max();

  void heard(std::size_t i, SteadyTime now) {
    points[i].last_sample_at = now;
    if (stale_after[i].count() == 0) return;
    stale_at[i] = now + stale_after[i];
    sweep_next = std::min(sweep_next, stale_at[i]);
  }

  void sweep_stale(const Moment& now, std::vector<Condition>& out) {
    sweep_next = SteadyTime::max();
    for (std::size_t i = 0; i < stale_at.size(); ++i) {
      const SteadyTime t = stale_at[i];
      if (t <= now.steady)
        mark_stale(i, moment_at(now, t), out);
      else
        sweep_next = std::min(sweep_next, t);
    }
  }

  // Makes the heap's top exact, so next_deadline() is the real next deadline: drops superseded
  // entries and moves one whose deadline went later to its real time. Touches only entries that
  // reach the top, at most once each per deadline.
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

  Impl(const std::vector<PointInfo>& infos, const std::vector<PointRules>& rules,
       const std::vector<CompositeRule>& rule_list);

  void carry_over(const Impl& old, SteadyTime now);

  // The first moment the engine sees: every point's silence and every feed's state count from it.
  void begin(SteadyTime now) {
    if (started) return;
    started = true;
    for (std::size_t i = 0; i < points.size(); ++i) {
      heard(i, now);
      points[i].as_feed.not_off_since = now;
    }
  }

  // A good reading in range, equal to the point's last one (already judged in full), saying
  // nothing else.
  static bool repeats(const PointSlot& p, const Sample& s) {
    return p.has_latest && !p.stale && !p.judge_in_full && s.quality == Quality::good &&
           p.latest.quality == Quality::good && s.over_range == RangeSide::none &&
           s.value == p.latest.value && s.reason.empty() && s.text.empty() && p.latest.text.empty();
  }

  void note_seen(std::size_t i) {
    PointSlot& p = points[i];
    if (p.seen) return;
    p.seen = true;
    for (std::uint32_t c : point_composites.of(i)) --composites[c].unseen;
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

  void evaluate_feed(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    const RulePoint& rp = table[i];
    if (!FeedRule::enabled(rp)) return;
    PointSlot& p = points[i];
    // Each feed named by its name (馈电 工作面馈电状态), its id only when it has none.
    feed_inputs.clear();
    for (std::uint32_t f : rp.feeds) feed_inputs.push_back({&points[f].as_feed, table[f].name});
    p.feed.evaluate(rp, p.limit, feed_inputs, at, out);
  }

  void evaluate_composite(CompositeSlot& slot, const Moment& at, std::vector<Condition>& out) {
    if (slot.unseen != 0) return;
    slot.evaluator.evaluate(values[slot.point], at, out);
    composites_next = std::min(composites_next, slot.evaluator.deadline());
  }

  // After point i's value or quality changed: the points it feeds, its own feed rule, the
  // composite rules that read it.
  void after_change(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    const auto fed_points = fed.of(i);
    if (!fed_points.empty()) {
      update_feed_view(points[i], at.steady);
      for (std::uint32_t j : fed_points) {
        evaluate_feed(j, at, out);
        arm(j);  // the feed's change may start or end the fed point's cut-time timer
      }
    }
    evaluate_feed(i, at, out);
    for (std::uint32_t c : point_composites.of(i)) evaluate_composite(composites[c], at, out);
    arm(i);
  }

  // Timers of point i that ran out by `now` (staleness is swept: sweep_stale).
  void advance_point(std::size_t i, const Moment& now, std::vector<Condition>& out) {
    PointSlot& p = points[i];
    const RulePoint& rp = table[i];
    p.limit.advance(rp, now, out);
    p.fault.advance(rp, now, out);
    p.masked.advance(rp, now, out);
    p.stuck.advance(rp, now, out);
    evaluate_feed(i, now, out);
  }

  void mark_stale(std::size_t i, const Moment& at, std::vector<Condition>& out) {
    PointSlot& p = points[i];
    const RulePoint& rp = table[i];
    p.stale = true;
    stale_at[i] = SteadyTime::max();
    const std::string reason = "no sample for " + format_duration(rp.stale_after);
    if (!p.has_latest) {
      p.latest.time = at.wall;
      p.has_latest = true;
    }
    p.latest.quality = Quality::stale;
    p.latest.reason = reason;
    p.latest.point = static_cast<PointIndex>(i);
    values[i] = std::numeric_limits<double>::quiet_NaN();
    ok[i] = 0;
    p.fault.on_quality(rp, Quality::stale, reason, at, out);
    p.masked.on_quality(rp, Quality::stale, at, out);
    note_down(i);
    p.limit.hold(rp);
    p.rate.forget();
    p.stuck.forget();
    note_seen(i);
    after_change(i, at, out);
  }

  // Tells the device watch whether point i can be read now.
  void note_down(std::size_t i) {
    const Sample& s = points[i].latest;
    const bool unreadable = s.quality == Quality::comm_loss || s.quality == Quality::stale;
    const bool says_offline = devices.is_liveness(i) && s.quality == Quality::good && s.value == 0;
    devices.on_point(i, unreadable || says_offline);
  }

  SteadyTime point_deadline(std::size_t i) const {
    const PointSlot& p = points[i];
    const RulePoint& rp = table[i];
    return std::min({p.limit.deadline(rp), p.fault.deadline(rp), p.masked.deadline(rp),
                     p.stuck.deadline(rp), p.feed.deadline()});
  }
};

namespace {
// Whether point `a` of table `ta` is judged exactly as point `b` of `tb` (its name may differ: the
// texts are taken from the table when a condition is made).
bool same_rules(const PointTable& ta, std::size_t a, const PointTable& tb, std::size_t b) {
  const RulePoint& x = ta[a];
  const RulePoint& y = tb[b];
  // The same feed ids in the same order: the rule remembers which feeds it named by their
  // position, and the order is the order of the names in its text.
  const bool same_feed =
      std::equal(x.feeds.begin(), x.feeds.end(), y.feeds.begin(), y.feeds.end(),
                 [&](std::uint32_t f, std::uint32_t g) { return ta[f].id == tb[g].id; });
  return same_feed && x.unit == y.unit && x.calibration_due == y.calibration_due &&
         x.stale_after == y.stale_after && *x.settings == *y.settings;
}
}  // namespace

void RuleEngine::Impl::carry_over(const Impl& old, SteadyTime now) {
  begin(now);  // points the old engine did not have count their silence from now
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto j = old.table.find(table[i].id);
    if (!j) continue;
    PointSlot& p = points[i];
    const PointSlot& o = old.points[*j];
    p.latest = o.latest;
    p.latest.point = static_cast<PointIndex>(i);
    p.has_latest = o.has_latest;
    if (old.started) p.last_sample_at = o.last_sample_at;
    p.stale = o.stale;
    p.as_feed = o.as_feed;
    values[i] = old.values[*j];
    ok[i] = old.ok[*j];
    if (same_rules(table, i, old.table, *j)) {
      p.limit.carry_state_from(o.limit, table[i]);
      p.fault = o.fault;
      p.masked = o.masked;
      p.feed = o.feed;
      p.rate = o.rate;
      p.stuck = o.stuck;
      p.calibration = o.calibration;
    } else {
      p.judge_in_full = true;
    }
    if (o.seen) note_seen(i);
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    stale_at[i] = SteadyTime::max();
    if (!points[i].stale) heard(i, points[i].last_sample_at);
  }
  devices.carry_over(old.devices, table, old.table);
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i].has_latest) note_down(i);
  for (auto& c : composites)
    for (const auto& o : old.composites)
      if (c.evaluator.same_rule(o.evaluator)) {
        c.evaluator.carry_state_from(o.evaluator);
        break;
      }
}

RuleEngine::Impl::Impl(const std::vector<PointInfo>& infos, const std::vector<PointRules>& rules,
                       const std::vector<CompositeRule>& rule_list)
    : shared_table(std::make_shared<const PointTable>(infos, rules)),
      table(*shared_table),
      devices(infos, table) {
  // The sample's index is the point's position here, whatever the caller numbered it.
  const std::size_t n = table.size();
  std::size_t levels = 0;
  for (std::size_t i = 0; i < n; ++i) levels += table[i].settings->limits.size();
  limit_states.reserve(levels);  // the slots point into it: it never grows past this
  points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t first = limit_states.size();
    LimitRule::add_states(table[i], limit_states);
    points.emplace_back(table[i], limit_states.data() + first);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> feeds;
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t f : table[i].feeds) feeds.emplace_back(f, i);  // any feed re-judges it
  fed.build(n, std::move(feeds));
  armed.assign(n, SteadyTime::max());
  stale_after.resize(n);
  for (std::size_t i = 0; i < n; ++i) stale_after[i] = table[i].stale_after;
  stale_at.assign(n, SteadyTime::max());
  due.reserve(n);
  std::vector<Timer> storage;
  storage.reserve(n + 64);
  timers = decltype(timers)(std::greater<>{}, std::move(storage));

  values = std::make_unique<double[]>(n);
  ok = std::make_unique<double[]>(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = std::numeric_limits<double>::quiet_NaN();
    ok[i] = 0;
  }

  composites.reserve(rule_list.size());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> reads;
  for (const auto& rule : rule_list) {
    const auto point = table.find(rule.point);
    if (!point)
      throw std::invalid_argument("rule \"" + rule.name + "\": unknown point \"" + rule.point +
                                  "\"");
    std::vector<std::size_t> inputs;
    auto bind = [&](const std::string& name, std::string& problem) -> double* {
      if (auto i = table.find(name)) {
        inputs.push_back(*i);
        return &values[*i];
      }
      if (name.size() > kOk.size() && name.ends_with(kOk))
        if (auto i = table.find(std::string_view(name).substr(0, name.size() - kOk.size()))) {
          inputs.push_back(*i);
          return &ok[*i];
        }
      problem = "unknown point \"" + name + "\"";
      return nullptr;
    };
    try {
      Expression expression(rule.expression, bind);
      std::sort(inputs.begin(), inputs.end());
      inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
      const auto c = static_cast<std::uint32_t>(composites.size());
      composites.push_back(
          {CompositeEvaluator(rule, std::move(expression)), *point, inputs.size()});
      for (std::size_t i : inputs) reads.emplace_back(i, c);
    } catch (const ExpressionError& e) {
      throw std::invalid_argument("rule \"" + rule.name + "\": " + e.what());
    }
  }
  point_composites.build(n, std::move(reads));
  quiet_ok.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    quiet_ok[i] = !RateRule::enabled(table[i]) && !FeedRule::enabled(table[i]) &&
                  fed.of(i).empty() && point_composites.of(i).empty();
}

RuleEngine::RuleEngine(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules,
                       const std::vector<CompositeRule>& composites)
    : impl_(std::make_unique<Impl>(points, rules, composites)) {}

RuleEngine::~RuleEngine() = default;

void RuleEngine::carry_over(const RuleEngine& old, SteadyTime now) {
  impl_->carry_over(*old.impl_, now);
}

void RuleEngine::on_sample(const Sample& sample, SteadyTime now, std::vector<Condition>& out) {
  Impl& e = *impl_;
  if (sample.point >= e.points.size()) {
    ++e.unknown_samples;
    return;
  }
  e.begin(now);
  const std::size_t i = sample.point;
  Impl::PointSlot& p = e.points[i];
  const RulePoint& rp = e.table[i];
  const Moment at{now, sample.time};
  // Timers that ran out before this sample first, so transitions keep their order. Staleness is
  // not judged here: the sample proves the point alive (a late turn of the rules thread must not
  // make every point stale). armed[i] is never later than the point's real next deadline, so
  // when it lies ahead nothing of this point is due and the walk over its rules is skipped.
  if (e.armed[i] <= now) {
    e.advance_point(i, at, out);
  } else if (e.quiet_ok[i] && Impl::repeats(p, sample)) {
    // Nine readings in ten on a large site are the last one again. Nothing is due for this point
    // (armed[i] is never later than its real next deadline) and the same good value gives every
    // rule the same verdict, so only the time moves on; the device still counts as answering.
    p.latest.time = sample.time;
    e.heard(i, now);
    e.note_down(i);
    return;
  }

  p.judge_in_full = false;
  p.latest = sample;
  rules::judge_range(rp.settings->range, p.latest);
  p.has_latest = true;
  e.heard(i, now);
  p.stale = false;
  // A "good" reading that is not a number is a driver's failure, never a value.
  if (sample.quality == Quality::good && !std::isfinite(sample.value)) {
    p.latest.quality = Quality::out_of_range;
    p.latest.reason = "not a finite number";
  }
  const bool good = p.latest.quality == Quality::good;
  e.values[i] = good ? sample.value : std::numeric_limits<double>::quiet_NaN();
  e.ok[i] = good ? 1 : 0;

  p.fault.on_quality(rp, p.latest.quality, p.latest.reason, at, out);
  p.masked.on_quality(rp, p.latest.quality, at, out);
  e.note_down(i);
  if (good) {
    p.limit.on_value(rp, sample.value, at, out);
    p.rate.on_value(rp, sample.value, sample.time, at, out);
    p.stuck.on_value(rp, sample.value, at, out);
  } else if (p.latest.over_range != RangeSide::none) {
    // Past the range on a known side: the sensor fault above, and the levels of that side trip.
    p.limit.on_over_range(rp, p.latest.over_range, p.latest.value, at, out);
    p.rate.forget();
    p.stuck.forget();
  } else {
    p.limit.hold(rp);
    p.rate.forget();
    p.stuck.forget();
  }
  e.note_seen(i);
  e.after_change(i, at, out);
}

void RuleEngine::finish_turn(WallTime wall_now, std::vector<Condition>& out) {
  Impl& e = *impl_;
  e.devices.finish(e.table, wall_now, out, e.back_online);
  // A device that answers again: its points' faults were held back while it was offline, so each
  // reports its state afresh with its next sample — a point still failing raises its own fault.
  for (std::uint32_t i : e.back_online) {
    e.points[i].fault.report_afresh();
    e.points[i].judge_in_full = true;
  }
  e.back_online.clear();
}

void RuleEngine::judge_range(Sample& sample) const {
  if (sample.point >= impl_->points.size()) return;
  const RulePoint& rp = impl_->table[sample.point];
  rules::judge_range(rp.settings->range, sample);
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
    e.advance_point(i, m, out);
    e.arm(i);
  }
  if (now >= e.sweep_next) e.sweep_stale(m, out);
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
    for (std::size_t i = 0; i < e.points.size(); ++i) {
      auto& p = e.points[i];
      p.calibration.evaluate(e.table[i], wall_now, out);
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
  return std::min(next, e.sweep_next);
}

const Sample* RuleEngine::latest(PointIndex point) const {
  if (point >= impl_->points.size()) return nullptr;
  const auto& p = impl_->points[point];
  return p.has_latest ? &p.latest : nullptr;
}

std::optional<PointIndex> RuleEngine::index_of(std::string_view id) const {
  const auto i = impl_->table.find(id);
  if (!i) return std::nullopt;
  return static_cast<PointIndex>(*i);
}

const RuleSettings* RuleEngine::settings(PointIndex point) const {
  if (point >= impl_->table.size()) return nullptr;
  return impl_->table[point].settings;
}

const Sample* RuleEngine::latest(std::string_view id) const {
  const auto i = index_of(id);
  return i ? latest(*i) : nullptr;
}

std::shared_ptr<const PointTable> RuleEngine::point_table() const {
  return impl_->shared_table;
}

std::uint64_t RuleEngine::unknown_samples() const {
  return impl_->unknown_samples;
}

}  // namespace sw::rules
