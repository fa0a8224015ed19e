// SPDX-License-Identifier: Apache-2.0
#include "rules/limits_explanation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "rules/close_names.hpp"
#include "rules/condition_text.hpp"

namespace sw::rules {
namespace {

std::string with_unit(double value, const std::string& unit) {
  return format_number(value) + (unit.empty() ? "" : " " + unit);
}

}  // namespace

PointLimits explain_limits(const PointInfo& point, const PointRules& rules,
                           const ProfileLibrary& profiles) {
  PointLimits out;
  out.point = point;
  out.profile = rules.profile;
  out.rules = rules;
  const Profile* profile = rules.profile.empty() ? nullptr : profiles.find(rules.profile);
  if (profile != nullptr) out.profile_description = profile->description;
  for (const auto& l : rules.limits) out.levels.push_back({l, l.origin});
  return out;
}

std::optional<PointLimits> explain_point(const std::string& id,
                                         const std::vector<PointInfo>& points,
                                         const std::vector<PointRules>& rules,
                                         const ProfileLibrary& profiles,
                                         std::vector<std::string>* close) {
  const auto p = std::find_if(points.begin(), points.end(),
                              [&](const PointInfo& info) { return info.id == id; });
  if (p == points.end()) {
    if (close != nullptr) {
      std::vector<std::string> ids;
      for (const auto& info : points) ids.push_back(info.id);
      *close = close_names(id, ids);
    }
    return std::nullopt;
  }
  const auto r = std::find_if(rules.begin(), rules.end(),
                              [&](const PointRules& pr) { return pr.point == id; });
  PointRules none;
  none.point = id;
  return explain_limits(*p, r == rules.end() ? none : *r, profiles);
}

std::string explain_text(const PointLimits& x) {
  const PointInfo& p = x.point;
  const PointRules& r = x.rules;
  std::string out = fmt::format("point {}", p.id);
  if (!p.name.empty()) out += fmt::format(" ({})", p.name);
  if (!p.location.empty()) out += fmt::format(" at {}", p.location);
  out += "\n";
  if (x.profile.empty())
    out += "profile: none (every level is the site's)\n";
  else
    out += fmt::format("profile: {}{}\n", x.profile,
                       x.profile_description.empty() ? "" : " — " + x.profile_description);
  if (x.levels.empty())
    out += "levels: none\n";
  else
    out += "levels, least severe first:\n";
  for (const auto& [l, origin] : x.levels) {
    const bool high = l.direction == Direction::high;
    out += fmt::format(
        "  {}{}: trips {} {}, restores {} {}; on_delay {}, off_delay {}; priority {}", l.level,
        l.label.empty() ? "" : " (" + l.label + ")", high ? "≥" : "<",
        with_unit(l.threshold, p.unit), high ? "<" : "≥", with_unit(l.restore_level(), p.unit),
        format_duration(l.on_delay), format_duration(l.off_delay), l.priority);
    if (l.cuts_power) out += "; cuts power";
    if (l.major_hazard)
      out += "; major hazard" + (l.hazard_category.empty() ? "" : " (" + l.hazard_category + ")");
    out += fmt::format("; clause: {}; from: {}\n", l.clause.empty() ? "none" : l.clause,
                       to_string(origin));
  }
  if (r.range)
    out += fmt::format("measuring range: {} .. {}\n", with_unit(r.range->min, p.unit),
                       with_unit(r.range->max, p.unit));
  if (!r.feed_points.empty())
    out += fmt::format("{}: {} must {}report off within {} of a power-cut level{}\n",
                       r.feed_points.size() == 1 ? "feed" : "feeds", fmt::join(r.feed_points, ", "),
                       r.feed_points.size() == 1 ? "" : "each ", format_duration(r.cut_time),
                       r.cut_clause.empty() ? "" : " (" + r.cut_clause + ")");
  if (!r.cut_scope.empty()) out += fmt::format("cut scope (断电范围): {}\n", r.cut_scope);
  out += fmt::format("sensor fault after {} of failed reads", format_duration(r.fault_after));
  if (r.major_fault_after)
    out += fmt::format(", a major hazard after {}", format_duration(*r.major_fault_after));
  if (!r.fault_clause.empty()) out += " (" + r.fault_clause + ")";
  out += "\n";
  if (r.stale_after)
    out += fmt::format("stale after {} without a sample\n", format_duration(*r.stale_after));
  if (r.rate_max) out += fmt::format("rate_max: {} per minute\n", with_unit(*r.rate_max, p.unit));
  if (r.stuck_after)
    out += fmt::format("stuck after {} unchanged\n", format_duration(*r.stuck_after));
  out += fmt::format("masked after {} in calibration or inhibit, {} warming up{}\n",
                     format_duration(r.max_calibration), format_duration(r.max_warm_up),
                     r.masked_clause.empty() ? "" : " (" + r.masked_clause + ")");
  if (r.max_out_of_service)
    out += fmt::format("masked after {} out of service\n", format_duration(*r.max_out_of_service));
  if (r.calibration_due)
    out += fmt::format("calibration due {}{}\n", *r.calibration_due,
                       r.calibration_clause.empty() ? "" : " (" + r.calibration_clause + ")");
  return out;
}

}  // namespace sw::rules
