#include "rules/feed_rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/condition_text.hpp"

namespace sw::rules {

FeedRule::FeedRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/power_not_cut"),
      point_(info.id),
      name_(point_name(info)),
      unit_(info.unit),
      feed_(rules.feed_point.value_or(PointId{})),
      cut_time_(rules.cut_time),
      clause_(rules.cut_clause),
      category_(rules.cut_hazard_category) {}

void FeedRule::evaluate(const LimitRule& limit, const FeedView& feed, const Moment& now,
                        std::vector<Condition>& out) {
  if (!enabled() || !limit.evaluated()) return;
  const LimitLevel* cut = limit.cut_level();
  deadline_ = SteadyTime::max();
  bool active = false;
  Moment at = now;
  if (cut != nullptr && feed.state != FeedView::State::off) {
    // The feed gets cut_time from whichever came last: the cut falling due, or the feed coming
    // (back) on or becoming unknown.
    const SteadyTime due = std::max(*limit.cut_since(), feed.not_off_since) + cut_time_;
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

  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "power_not_cut";
  c.point = point_;
  c.active = active;
  c.value = value;
  c.time = at.wall;
  if (!active) {
    c.message = name_ + " 断电状态正常";
    return;
  }
  c.level = unknown ? "feed_unknown" : "power_not_cut";
  c.rank = rank;
  c.priority = 1;
  c.threshold = cut->threshold;
  c.major_hazard = true;
  c.hazard_category = category_;
  c.clause = clause_;
  const std::string feed_state =
      unknown ? fmt::format("状态不明 ({})，不能确认已断电", to_string(feed.quality))
              : fmt::format("{} 后仍有电", format_duration(cut_time_));
  c.message = fmt::format("{} {} {} {}，馈电 {} {}", reading(name_, value, unit_),
                          cut->direction == Direction::low ? "<" : "≥",
                          cut->label.empty() ? cut->level : cut->label,
                          format_number(cut->threshold), feed_, feed_state);
}

}  // namespace sw::rules
