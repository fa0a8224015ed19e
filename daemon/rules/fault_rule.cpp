#include "rules/fault_rule.hpp"

#include "rules/condition_text.hpp"

namespace sw::rules {

namespace {
constexpr const char* kMonitoringFailure = "监控系统不能正常运行";
}

FaultRule::FaultRule(const PointInfo& info, const PointRules& rules)
    : source_(info.id + "/fault"),
      point_(info.id),
      name_(point_name(info)),
      fault_after_(rules.fault_after),
      major_fault_after_(rules.major_fault_after),
      clause_(rules.fault_clause) {}

void FaultRule::on_quality(Quality quality, const std::string& reason, const Moment& at,
                           std::vector<Condition>& out) {
  if (is_failure(quality)) {
    if (!failing_) {
      failing_ = true;
      since_ = at.steady;
      quality_ = quality;
      reason_ = reason;
    }
    advance(at, out);
  } else {
    failing_ = false;
    stage_ = Stage::none;
  }
  report(at, out);  // the first evaluation, or the restoration
}

SteadyTime FaultRule::due_of(Stage stage) const {
  if (stage == Stage::fault) return since_ + fault_after_;
  if (major_fault_after_) return since_ + *major_fault_after_;
  return SteadyTime::max();
}

void FaultRule::advance(const Moment& now, std::vector<Condition>& out) {
  while (failing_ && stage_ != Stage::unrestored) {
    const Stage next = stage_ == Stage::none ? Stage::fault : Stage::unrestored;
    const SteadyTime due = due_of(next);
    if (due > now.steady) return;
    stage_ = next;
    report(moment_at(now, due), out);
  }
}

SteadyTime FaultRule::deadline() const {
  if (!failing_ || stage_ == Stage::unrestored) return SteadyTime::max();
  return due_of(stage_ == Stage::none ? Stage::fault : Stage::unrestored);
}

void FaultRule::report(const Moment& at, std::vector<Condition>& out) {
  const bool active = stage_ != Stage::none;
  const int rank = stage_ == Stage::unrestored ? 2 : active ? 1 : 0;
  if (!report_.due(active, rank, kNoValue, false)) return;
  report_.sent(active, rank, kNoValue, false);

  Condition& c = out.emplace_back();
  c.source = source_;
  c.rule = "sensor_fault";
  c.point = point_;
  c.active = active;
  c.value = kNoValue;  // a failed read has no value worth showing
  c.time = at.wall;
  if (!active) {
    c.message = name_ + " 传感器恢复正常";
    return;
  }
  std::string why(to_string(quality_));
  if (!reason_.empty()) why += " (" + reason_ + ")";
  c.rank = rank;
  c.clause = clause_;
  if (stage_ == Stage::fault) {
    c.level = "fault";
    c.priority = 2;
    c.message = name_ + " 传感器故障: " + why;
    return;
  }
  c.level = "fault_unrestored";
  c.priority = 1;
  c.major_hazard = true;
  c.hazard_category = kMonitoringFailure;
  c.message = name_ + " 传感器故障 " + format_duration(*major_fault_after_) + " 未恢复: " + why;
}

}  // namespace sw::rules
