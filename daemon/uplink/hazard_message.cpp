// SPDX-License-Identifier: Apache-2.0
#include "uplink/hazard_message.hpp"

#include "store/hazard_record_json.hpp"

namespace sw::uplink {

using nlohmann::json;

json hazard_data(const MessageEncoder& encoder, const store::HazardRecord& r,
                 const store::HazardStep& step) {
  // The step as it was hashed into the chain: its signer, the console peer and its note.
  const json hashed = json::parse(step.step_json, nullptr, false);
  const auto field = [&hashed](const char* key) {
    return hashed.is_object() && hashed.contains(key) && hashed[key].is_string()
               ? hashed[key].get<std::string>()
               : std::string();
  };
  json data =
      store::hazard_record_json(r, [&encoder](WallTime t) { return encoder.time_value(t); });
  data["hazard_id"] = r.id;
  data["step"] = step.action;
  data["step_seq"] = step.seq;
  data["by"] = field("by");
  const std::string peer = field("peer");
  data["peer"] = peer.empty() ? json(nullptr) : json(peer);
  data["note"] = field("note");
  return data;
}

std::string hazard_message(const MessageEncoder& encoder, const store::HazardRecord& record,
                           const store::HazardStep& step, const std::string& id, std::int64_t seq) {
  return encoder.wrap("hazard", hazard_data(encoder, record, step), id, seq, step.time);
}

}  // namespace sw::uplink
