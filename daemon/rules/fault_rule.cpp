// SPDX-License-Identifier: Apache-2.0
#include "rules/fault_rule.hpp"

#include "rules/condition_text.hpp"
#include "rules/quality_text.hpp"

namespace sw::rules {

void FaultRule::on_quality(const RulePoint& point, Quality quality, const std::string& reason,
                           const Moment& at, std::vector<Condition>& out) {
  if (is_failure(quality)) {
    if (!failing_) {
      failing_ = true;
      since_ = at.steady;
      quality_ = quality;
      reason_ = reason;
    }
    advance(point, at, out);
  } else {
    failing_ = false;
    stage_ = Stage::none;
  }
  report(point, at, out);  // the first evaluation, or the restoration
}

SteadyTime FaultRule::due_of(const RulePoint& point, Stage stage) const {
  if (stage == Stage::fault) return since_ + point.settings->fault_after;
  if (point.settings->major_fault_after) return since_ + *point.settings->major_fault_after;
  return SteadyTime::max();
}

void FaultRule::advance(const RulePoint& point, const Moment& now, std::vector<Condition>& out) {
  while (failing_ && stage_ != Stage::unrestored) {
    const Stage next = stage_ == Stage::none ? Stage::fault : Stage::unrestored;
    const SteadyTime due = due_of(point, next);
    if (due > now.steady) return;
    stage_ = next;
    report(point, moment_at(now, due), out);
  }
}

SteadyTime FaultRule::deadline(const RulePoint& point) const {
  if (!failing_ || stage_ == Stage::unrestored) return SteadyTime::max();
  return due_of(point, stage_ == Stage::none ? Stage::fault : Stage::unrestored);
}

void FaultRule::report(const RulePoint& point, const Moment& at, std::vector<Condition>& out) {
  const bool active = stage_ != Stage::none;
  const int rank = stage_ == Stage::unrestored ? 2 : active ? 1 : 0;
  if (!report_.due(active, rank, kNoValue, false)) return;
  report_.sent(active, rank, kNoValue, false);

  // A failed read has no value worth showing.
  Condition& c = add_condition(out, point, "fault", "sensor_fault", active, kNoValue, at.wall);
  const std::string name(point.name);
  if (!active) {
    c.message = name + " 传感器恢复正常";
    return;
  }
  const std::string why = failure_text(quality_, reason_);
  c.rank = rank;
  c.clause = point.settings->fault_clause;
  if (stage_ == Stage::fault) {
    c.level = "fault";
    c.priority = 2;
    c.message = name + " 传感器故障：" + why;
    return;
  }
  c.level = "fault_unrestored";
  c.priority = 1;
  c.major_hazard = true;
  c.hazard_category = point.settings->fault_hazard_category;
  c.message =
      name + " 传感器故障 " + duration_text(*point.settings->major_fault_after) + " 未恢复：" + why;
}

}  // namespace sw::rules
