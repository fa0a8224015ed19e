// SPDX-License-Identifier: Apache-2.0
#pragma once
// Power not cut (source "<point>/power_not_cut"): while a cuts_power level of the point is active,
// every feed point (馈电) of its cut scope must report off within cut_time (AQ 6201: the cut
// executes within 2 s). Any feed still on after that is the major hazard of working on after an
// exceedance (煤矿重大事故隐患判定标准 第五条(二) 瓦斯超限后继续作业; high-gas and outburst mines
// also 第七条(二) 不能断电). A feed whose state is unknown (its quality is not good) cannot prove
// the cut and is reported too, at a lower rank; a feed on outranks it. The cut is proven only when
// every feed reports off.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/quality.hpp"
#include "rules/condition.hpp"
#include "rules/limit_rule.hpp"
#include "rules/rule_point.hpp"
#include "rules/source_report.hpp"

namespace sw::rules {

// What the feed point says, as the engine tracks it from the feed's samples.
struct FeedView {
  enum class State : unsigned char { off, on, unknown };
  SteadyTime not_off_since{};  // since when it has not reported off
  Quality quality = Quality::stale;
  State state = State::unknown;
};

// A feed value of at least this reads as "on" (a two-state point reports 0 or 1).
inline constexpr double kFeedOnAtLeast = 0.5;

// One of a point's feeds as the rule reads it: what it says, and its name for people (馈电
// 工作面馈电状态; its id when it has none).
struct FeedInput {
  const FeedView* view = nullptr;
  std::string_view name;
};

class FeedRule {
 public:
  // A feed is configured (the parser insists a level cuts power when it is).
  static bool enabled(const RulePoint& point) { return !point.feeds.empty(); }

  // Re-judges after the limit or one of the feeds changed, or a timer ran out; `now` is when.
  // Silent until the limit has judged a value. `feeds` are the point's feeds in its order.
  void evaluate(const RulePoint& point, const LimitRule& limit, std::span<const FeedInput> feeds,
                const Moment& now, std::vector<Condition>& out);
  SteadyTime deadline() const { return deadline_; }

 private:
  SteadyTime deadline_ = SteadyTime::max();
  SourceReport report_;
  // Which feeds the active report named (bit k: the point's k-th feed; feeds past the 64th share
  // the last bit): a change re-reports, so the alarm's text names the feeds still on.
  std::uint64_t named_ = 0;
};

}  // namespace sw::rules
