#include "uplink/hazard_message.hpp"

#include <cmath>

namespace sw::uplink {

namespace {

using nlohmann::json;

json number_or_null(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// Who signed a step and what they wrote, or null when nobody has yet.
json signature(const MessageEncoder& encoder, const std::string& by, const std::string& note,
               const std::optional<WallTime>& at) {
  if (!at) return nullptr;
  return {{"by", by}, {"note", note}, {"at", encoder.time_value(*at)}};
}

}  // namespace

json hazard_data(const MessageEncoder& encoder, const store::HazardRecord& r,
                 const store::HazardStep& step) {
  // The step as it was hashed into the chain: its signer, the console peer and its note.
  const json hashed = json::parse(step.step_json, nullptr, false);
  const auto field = [&hashed](const char* key) {
    return hashed.is_object() && hashed.contains(key) && hashed[key].is_string()
               ? hashed[key].get<std::string>()
               : std::string();
  };
  json plan = nullptr;
  if (r.state == store::HazardState::rectifying || !r.plan.responsible.empty())
    plan = {{"responsible", r.plan.responsible},
            {"measures", r.plan.measures},
            {"funds", r.plan.funds},
            {"deadline", text_or_null(r.plan.deadline)},
            {"contingency", r.plan.contingency}};
  return {{"hazard_id", r.id},
          {"step", step.action},
          {"step_seq", step.seq},
          {"by", field("by")},
          {"peer", text_or_null(field("peer"))},
          {"note", field("note")},
          {"state", store::to_string(r.state)},
          {"source", store::to_string(r.source)},
          {"supervised", r.supervised},
          {"alarm_id", text_or_null(r.alarm_id)},
          {"point", text_or_null(r.point)},
          {"category", r.category},
          {"clause", r.clause},
          {"description", r.description},
          {"first_value", number_or_null(r.first_value)},
          {"worst_value", number_or_null(r.worst_value)},
          {"opened_at", encoder.time_value(r.opened_at)},
          {"plan", plan},
          {"rectified", signature(encoder, r.rectified_by, r.rectified_note, r.rectified_at)},
          {"closed", signature(encoder, r.closed_by, r.closed_note, r.closed_at)}};
}

std::string hazard_message(const MessageEncoder& encoder, const store::HazardRecord& record,
                           const store::HazardStep& step, const std::string& id, std::int64_t seq) {
  return encoder.wrap("hazard", hazard_data(encoder, record, step), id, seq, step.time);
}

}  // namespace sw::uplink
