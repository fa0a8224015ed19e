// SPDX-License-Identifier: Apache-2.0
#include "store/hazard_record_json.hpp"

#include <cmath>

namespace sw::store {

namespace {

using nlohmann::json;

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json number_or_null(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

json signature(const std::string& by, const std::string& note, const std::optional<WallTime>& at,
               const TimeToJson& time) {
  if (!at) return nullptr;
  return {{"by", by}, {"note", note}, {"at", time(*at)}};
}

}  // namespace

json hazard_record_json(const HazardRecord& r, const TimeToJson& time) {
  json plan = nullptr;
  if (!r.plan.responsible.empty())  // 责任人 is required to plan: none, not planned
    plan = {{"responsible", r.plan.responsible},
            {"measures", r.plan.measures},
            {"funds", r.plan.funds},
            {"deadline", r.plan.deadline},
            {"contingency", r.plan.contingency}};
  return {{"state", to_string(r.state)},
          {"source", to_string(r.source)},
          {"supervised", r.supervised},
          {"alarm_id", text_or_null(r.alarm_id)},
          {"point", text_or_null(r.point)},
          {"category", r.category},
          {"clause", r.clause},
          {"description", r.description},
          {"first_value", number_or_null(r.first_value)},
          {"worst_value", number_or_null(r.worst_value)},
          {"opened_at", time(r.opened_at)},
          {"plan", plan},
          {"rectified", signature(r.rectified_by, r.rectified_note, r.rectified_at, time)},
          {"closed", signature(r.closed_by, r.closed_note, r.closed_at, time)}};
}

}  // namespace sw::store
