// SPDX-License-Identifier: Apache-2.0
#pragma once
// AlarmEvent ⇄ JSON: the ledger's canonical record and what the uplink builds alarm messages from.
// Times are epoch milliseconds; every field is written, the point's description included.
#include <string>

#include <nlohmann/json.hpp>

#include "core/alarm_event.hpp"

namespace sw::store {

nlohmann::json to_json(const AlarmEvent& event);
// Throws std::invalid_argument naming the key when a required key is missing or has the wrong type.
AlarmEvent alarm_event_from_json(const nlohmann::json& json);

// The one text form that is hashed into the ledger: keys sorted, no whitespace, UTF-8 (invalid
// bytes from a device replaced rather than refused). Stable for a given build; the ledger hashes
// the stored text, so a future change of form never breaks an old chain.
std::string canonical_json(const AlarmEvent& event);

}  // namespace sw::store
