// SPDX-License-Identifier: Apache-2.0
#include "rules/feed_rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/condition_text.hpp"
#include "rules/quality_text.hpp"

namespace sw::rules {

void FeedRule::evaluate(const RulePoint& point, const LimitRule& limit, const FeedView& feed,
                        std::string_view feed_id, const Moment& now, std::vector<Condition>& out) {
  if (!enabled(point) || !limit.evaluated()) return;
  const RuleSettings& settings = *point.settings;
  const LimitLevel* cut = limit.cut_level(point);
  deadline_ = SteadyTime::max();
  bool active = false;
  Moment at = now;
  if (cut != nullptr && feed.state != FeedView::State::off) {
    // The feed gets cut_time from whichever came last: the cut falling due, or the feed coming
    // (back) on or becoming unknown.
    const SteadyTime due =
        std::max(*limit.cut_since(point), feed.not_off_since) + settings.cut_time;
    if (now.steady >= due) {
      active = true;
      if (!report_.active()) at = moment_at(now, due);
    } else {
      deadline_ = due;
    }
  }
  const bool unknown = feed.state == FeedView::State::unknown;
  const int rank = active ? (unknown ? 1 : 2) : 0;
  const double value = limit.value();
  if (!report_.due(active, rank, value, false)) return;
  report_.sent(active, rank, value, false);

  Condition& c =
      add_condition(out, point, "power_not_cut", "power_not_cut", active, value, at.wall);
  if (!active) {
    c.message = fmt::format("{} 断电状态正常", point.name);
    return;
  }
  c.level = unknown ? "feed_unknown" : "power_not_cut";
  c.rank = rank;
  c.priority = 1;
  c.threshold = cut->threshold;
  c.major_hazard = true;
  c.hazard_category = settings.cut_hazard_category;
  c.clause = settings.cut_clause;
  const std::string feed_state =
      unknown ? fmt::format("状态不明（{}），不能确认已断电", quality_text(feed.quality))
              : fmt::format("{} 后仍有电", duration_text(settings.cut_time));
  c.message = fmt::format("{} {} {} {}，馈电 {} {}", reading(point.name, value, point.unit),
                          cut->direction == Direction::low ? "<" : "≥",
                          cut->label.empty() ? cut->level : cut->label,
                          format_number(cut->threshold), feed_id, feed_state);
  if (!settings.cut_scope.empty()) c.message += "（断电范围：" + settings.cut_scope + "）";
}

}  // namespace sw::rules
