// SPDX-License-Identifier: Apache-2.0
// The alarm book's reminder of alarms left out of service (issue 17 §2). Out of service has no
// expiry, as maintenance takes what it takes; but an alarm hidden that way is 屏蔽 on a coal site
// (判定标准 第十八条(六)), so past its point's max_out_of_service the book raises one more alarm,
// rule `masked`, level `out_of_service`, priority 1, source "<hidden alarm's
// source>/out_of_service". Its clause and hazard category are the point's `masked` ones, by site
// type. It cannot itself be shelved or taken out of service, and it clears when the hidden alarm
// returns to service or ends. It is a live alarm like any other: persisted, restored after a
// restart, carried over a reload; the walk below reconciles it with the alarm it is about on every
// tick.
#include <vector>

#include "alarms/alarm_book.hpp"
#include "rules/quality_text.hpp"

namespace sw::alarms {
namespace {

constexpr std::string_view kReminderSuffix = "/out_of_service";

std::string name_of(const PointInfo& info, const AlarmRecord& r) {
  return info.name.empty() ? r.point : info.name;
}

}  // namespace

std::string AlarmBook::reminder_source(const std::string& source) {
  return source + std::string(kReminderSuffix);
}

bool AlarmBook::is_reminder_source(const std::string& source) {
  return source.ends_with(kReminderSuffix);
}

Millis AlarmBook::out_of_service_limit(const ServiceLimit& limit) const {
  return limit.max_out_of_service.value_or(settings_.max_out_of_service);
}

void AlarmBook::remind_out_of_service(WallTime now, std::vector<AlarmEvent>& out) {
  std::vector<rules::Condition> due;
  for (const auto& [source, r] : by_source_) {
    if (is_reminder_source(source)) {
      if (!r.condition_active) continue;
      const std::string hidden = source.substr(0, source.size() - kReminderSuffix.size());
      const auto it = by_source_.find(hidden);
      if (it != by_source_.end() && it->second.state == AlarmState::out_of_service) continue;
      rules::Condition& c = due.emplace_back();
      c.source = source;
      c.rule = r.rule;
      c.point = r.point;
      c.active = false;
      c.time = now;
      continue;
    }
    if (r.state != AlarmState::out_of_service || !r.hidden_at) continue;
    const auto reminder = by_source_.find(reminder_source(source));
    if (reminder != by_source_.end() && reminder->second.condition_active) continue;
    const ServiceLimit limit = service_limits_ ? service_limits_(r.point) : ServiceLimit{};
    const Millis max = out_of_service_limit(limit);
    if (max <= Millis{0} || *r.hidden_at + max > now) continue;
    const PointInfo info = point_info_ ? point_info_(r.point) : PointInfo{};
    rules::Condition& c = due.emplace_back();
    c.source = reminder_source(source);
    c.rule = "masked";
    c.point = r.point;
    c.active = true;
    c.level = "out_of_service";
    c.rank = 1;
    c.priority = 1;
    c.value = 1;
    c.clause = limit.clause;
    c.hazard_category = limit.hazard_category;
    c.major_hazard = !c.hazard_category.empty();
    // Chinese, as the platform shows it: what was hidden, for how long, by whom.
    c.message = name_of(info, r) + " 报警（" + (r.level.empty() ? r.rule : r.level) +
                "）退出服务（屏蔽）超过 " + rules::duration_text(max) + "，由 " + r.hidden_by +
                " 退出";
    c.time = *r.hidden_at + max;  // when the limit passed, not when the tick noticed it
  }
  for (const auto& c : due) apply(c, out);
}

}  // namespace sw::alarms
