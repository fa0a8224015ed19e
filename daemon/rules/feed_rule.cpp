// SPDX-License-Identifier: Apache-2.0
#include "rules/feed_rule.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "rules/condition_text.hpp"
#include "rules/quality_text.hpp"

namespace sw::rules {

namespace {
std::uint64_t bit_of(std::size_t k) {
  return std::uint64_t{1} << std::min<std::size_t>(k, 63);
}

// "馈电 甲、乙 2 秒 后仍有电，馈电 丙 状态不明（通信中断），不能确认已断电": the overdue feeds,
// those on first (they prove the cut failed), then those that cannot prove it.
std::string feeds_text(std::span<const FeedInput> feeds, std::uint64_t overdue, Millis cut_time) {
  std::string on;
  std::string unknown;
  for (std::size_t k = 0; k < feeds.size(); ++k) {
    if ((overdue & bit_of(k)) == 0) continue;
    const FeedView& v = *feeds[k].view;
    if (v.state == FeedView::State::on) {
      if (!on.empty()) on += "、";
      on += feeds[k].name;
    } else if (v.state == FeedView::State::unknown) {
      if (!unknown.empty()) unknown += "、";
      unknown += fmt::format("{} 状态不明（{}）", feeds[k].name, quality_text(v.quality));
    }
  }
  std::string out;
  if (!on.empty()) out = fmt::format("馈电 {} {} 后仍有电", on, duration_text(cut_time));
  if (!unknown.empty())
    out += fmt::format("{}馈电 {}，不能确认已断电", out.empty() ? "" : "，", unknown);
  return out;
}
}  // namespace

void FeedRule::evaluate(const RulePoint& point, const LimitRule& limit,
                        std::span<const FeedInput> feeds, const Moment& now,
                        std::vector<Condition>& out) {
  if (!enabled(point) || !limit.evaluated()) return;
  const RuleSettings& settings = *point.settings;
  const LimitLevel* cut = limit.cut_level(point);
  deadline_ = SteadyTime::max();
  // Each feed has its own timer: it gets cut_time from whichever came last, the cut falling due or
  // that feed coming (back) on or becoming unknown; a feed that reports off counts as cut. The
  // power is not cut as soon as one feed is past its time. One timer for all from the latest
  // change of any feed would let a feed flapping on and off hold off the alarm for a feed that
  // never went off.
  std::uint64_t overdue = 0;
  bool any_on = false;
  SteadyTime first_due = SteadyTime::max();
  if (cut != nullptr) {
    const SteadyTime cut_since = *limit.cut_since(point);
    for (std::size_t k = 0; k < feeds.size(); ++k) {
      const FeedView& v = *feeds[k].view;
      if (v.state == FeedView::State::off) continue;
      const SteadyTime due = std::max(cut_since, v.not_off_since) + settings.cut_time;
      if (now.steady >= due) {
        overdue |= bit_of(k);
        any_on = any_on || v.state == FeedView::State::on;
        first_due = std::min(first_due, due);
      } else {
        deadline_ = std::min(deadline_, due);  // may name one more feed then
      }
    }
  }
  const bool active = overdue != 0;
  Moment at = now;
  if (active && !report_.active()) at = moment_at(now, first_due);
  const int rank = active ? (any_on ? 2 : 1) : 0;
  const double value = limit.value();
  const bool names_changed = active && report_.active() && overdue != named_;
  if (!report_.due(active, rank, value, false) && !names_changed) return;
  report_.sent(active, rank, value, false);
  named_ = overdue;

  Condition& c =
      add_condition(out, point, "power_not_cut", "power_not_cut", active, value, at.wall);
  if (!active) {
    c.message = fmt::format("{} 断电状态正常", point.name);
    return;
  }
  c.level = any_on ? "power_not_cut" : "feed_unknown";
  c.rank = rank;
  c.priority = 1;
  c.threshold = cut->threshold;
  c.major_hazard = true;
  c.hazard_category = settings.cut_hazard_category;
  c.clause = settings.cut_clause;
  c.message = fmt::format(
      "{} {} {} {}，{}", reading(point.name, value, point.unit),
      cut->direction == Direction::low ? "<" : "≥", cut->label.empty() ? cut->level : cut->label,
      format_number(cut->threshold), feeds_text(feeds, overdue, settings.cut_time));
  if (!settings.cut_scope.empty()) c.message += "（断电范围：" + settings.cut_scope + "）";
}

}  // namespace sw::rules
