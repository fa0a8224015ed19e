// SPDX-License-Identifier: Apache-2.0
#include "rules/limit_rule.hpp"

#include <algorithm>

#include "rules/condition_text.hpp"

namespace sw::rules {

void LimitRule::add_states(const RulePoint& point, std::vector<DelayedSwitch>& states) {
  for (const auto& l : point.settings->limits) states.emplace_back(l.on_delay, l.off_delay);
}

void LimitRule::carry_state_from(const LimitRule& old, const RulePoint& point) {
  std::copy_n(old.states_, point.settings->limits.size(), states_);
  value_ = old.value_;
  report_ = old.report_;
  over_range_ = old.over_range_;
}

void LimitRule::on_value(const RulePoint& point, double value, const Moment& at,
                         std::vector<Condition>& out) {
  on_over_range(point, RangeSide::none, value, at, out);
}

void LimitRule::on_over_range(const RulePoint& point, RangeSide side, double value,
                              const Moment& at, std::vector<Condition>& out) {
  if (!enabled(point)) return;
  value_ = value;
  over_range_ = side;
  const auto& levels = point.settings->limits;
  const auto tripped = [side](const LimitLevel& l) {
    return (side == RangeSide::high && l.direction == Direction::high) ||
           (side == RangeSide::low && l.direction == Direction::low);
  };
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const auto input = tripped(levels[i]) || levels[i].beyond(value) ? DelayedSwitch::Input::trip
                       : levels[i].restored(value)                   ? DelayedSwitch::Input::restore
                                                   : DelayedSwitch::Input::between;
    states_[i].update(input, at.steady);
  }
  report(point, at, out);
}

void LimitRule::hold(const RulePoint& point) {
  for (std::size_t i = 0; i < point.settings->limits.size(); ++i) states_[i].freeze();
}

void LimitRule::advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out) {
  // Delays that ran out in between are applied in the order they fell due, so an alarm level that
  // tripped before the power-cut level is reported first.
  for (;;) {
    const SteadyTime due = deadline(point);
    if (due > now.steady) return;
    for (std::size_t i = 0; i < point.settings->limits.size(); ++i)
      if (states_[i].deadline() == due) states_[i].advance(due);
    report(point, moment_at(now, due), out);
  }
}

SteadyTime LimitRule::deadline(const RulePoint& point) const {
  SteadyTime next = SteadyTime::max();
  for (std::size_t i = 0; i < point.settings->limits.size(); ++i)
    next = std::min(next, states_[i].deadline());
  return next;
}

int LimitRule::worst_active(const RulePoint& point) const {
  const auto& levels = point.settings->limits;
  int worst = -1;
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (states_[i].active() &&
        (worst < 0 || levels[i].rank > levels[static_cast<std::size_t>(worst)].rank))
      worst = static_cast<int>(i);
  return worst;
}

const LimitLevel* LimitRule::cut_level(const RulePoint& point) const {
  const LimitLevel* cut = nullptr;
  const auto& levels = point.settings->limits;
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].cuts_power && states_[i].active() &&
        (cut == nullptr || levels[i].rank > cut->rank))
      cut = &levels[i];
  return cut;
}

std::optional<SteadyTime> LimitRule::cut_since(const RulePoint& point) const {
  std::optional<SteadyTime> since;
  const auto& levels = point.settings->limits;
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].cuts_power && states_[i].active())
      since = since ? std::min(*since, states_[i].active_since()) : states_[i].active_since();
  return since;
}

void LimitRule::report(const RulePoint& point, const Moment& at, std::vector<Condition>& out) {
  const int worst = worst_active(point);
  const bool active = worst >= 0;
  const LimitLevel* l = active ? &point.settings->limits[static_cast<std::size_t>(worst)] : nullptr;
  const int rank = active ? l->rank : 0;
  const bool low = active && l->direction == Direction::low;
  if (!report_.due(active, rank, value_, low)) return;
  report_.sent(active, rank, value_, low);

  Condition& c = add_condition(out, point, "limit", "limit", active, value_, at.wall);
  if (!active) {
    c.message = reading(point.name, value_, point.unit) + " 已恢复正常";
    return;
  }
  c.level = l->level;
  c.rank = l->rank;
  c.priority = l->priority;
  c.threshold = l->threshold;
  c.low = low;
  c.major_hazard = l->major_hazard;
  c.hazard_category = l->hazard_category;
  c.clause = l->clause;
  c.message = reading(point.name, value_, point.unit) +
              (over_range_ == RangeSide::high  ? "（超量程）"
               : over_range_ == RangeSide::low ? "（低于量程）"
                                               : "") +
              (low ? " < " : " ≥ ") + (l->label.empty() ? l->level : l->label) + " " +
              format_number(l->threshold);
  // 第498条: the cut names what it switches off, so the dispatcher knows what must be dead.
  if (l->cuts_power && !point.settings->cut_scope.empty())
    c.message += "，断电范围：" + point.settings->cut_scope;
}

}  // namespace sw::rules
