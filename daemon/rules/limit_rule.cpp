#include "rules/limit_rule.hpp"

#include <algorithm>

#include "rules/condition_text.hpp"

namespace sw::rules {

LimitRule::LimitRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/limit"), point_(info.id), name_(point_name(info)), unit_(info.unit) {
  std::vector<LimitLevel> limits = rules.limits;
  rank_levels(limits);
  levels_.reserve(limits.size());
  for (auto& l : limits) {
    DelayedSwitch state(l.on_delay, l.off_delay);
    levels_.push_back({std::move(l), state});
  }
}

void LimitRule::on_value(double value, const Moment& at, std::vector<Condition>& out) {
  if (!enabled()) return;
  value_ = value;
  for (auto& l : levels_) {
    const auto input = l.limit.beyond(value)     ? DelayedSwitch::Input::trip
                       : l.limit.restored(value) ? DelayedSwitch::Input::restore
                                                 : DelayedSwitch::Input::between;
    l.state.update(input, at.steady);
  }
  report(at, out);
}

void LimitRule::hold() {
  for (auto& l : levels_) l.state.freeze();
}

void LimitRule::advance(const Moment& now, std::vector<Condition>& out) {
  // Delays that ran out in between are applied in the order they fell due, so an alarm level that
  // tripped before the power-cut level is reported first.
  for (;;) {
    const SteadyTime due = deadline();
    if (due > now.steady) return;
    for (auto& l : levels_)
      if (l.state.deadline() == due) l.state.advance(due);
    report(moment_at(now, due), out);
  }
}

SteadyTime LimitRule::deadline() const {
  SteadyTime next = SteadyTime::max();
  for (const auto& l : levels_) next = std::min(next, l.state.deadline());
  return next;
}

const LimitRule::Level* LimitRule::worst_active() const {
  const Level* worst = nullptr;
  for (const auto& l : levels_)
    if (l.state.active() && (worst == nullptr || l.limit.rank > worst->limit.rank)) worst = &l;
  return worst;
}

const LimitLevel* LimitRule::cut_level() const {
  const Level* cut = nullptr;
  for (const auto& l : levels_)
    if (l.limit.cuts_power && l.state.active() &&
        (cut == nullptr || l.limit.rank > cut->limit.rank))
      cut = &l;
  return cut == nullptr ? nullptr : &cut->limit;
}

std::optional<SteadyTime> LimitRule::cut_since() const {
  std::optional<SteadyTime> since;
  for (const auto& l : levels_)
    if (l.limit.cuts_power && l.state.active())
      since = since ? std::min(*since, l.state.active_since()) : l.state.active_since();
  return since;
}

void LimitRule::report(const Moment& at, std::vector<Condition>& out) {
  const Level* worst = worst_active();
  const bool active = worst != nullptr;
  const int rank = active ? worst->limit.rank : 0;
  const bool low = active && worst->limit.direction == Direction::low;
  if (!report_.due(active, rank, value_, low)) return;
  report_.sent(active, rank, value_, low);

  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "limit";
  c.point = point_;
  c.active = active;
  c.value = value_;
  c.time = at.wall;
  if (!active) {
    c.message = reading(name_, value_, unit_) + " 已恢复正常";
    return;
  }
  const LimitLevel& l = worst->limit;
  c.level = l.level;
  c.rank = l.rank;
  c.priority = l.priority;
  c.threshold = l.threshold;
  c.low = low;
  c.major_hazard = l.major_hazard;
  c.hazard_category = l.hazard_category;
  c.clause = l.clause;
  c.message = reading(name_, value_, unit_) + (low ? " < " : " ≥ ") +
              (l.label.empty() ? l.level : l.label) + " " + format_number(l.threshold);
}

}  // namespace sw::rules
