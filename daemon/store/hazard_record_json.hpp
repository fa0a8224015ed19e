// SPDX-License-Identifier: Apache-2.0
#pragma once
// A 隐患台账 record as JSON, the fields the console and the platform's `hazard` message share
// (docs/console.md, docs/messages.md); each adds its own (the console its id and deadline state,
// the message the step). Times as the caller formats them: the console in RFC 3339, the message
// in the site's [uplink.format].
#include <functional>

#include <nlohmann/json.hpp>

#include "store/hazard_register.hpp"

namespace sw::store {

using TimeToJson = std::function<nlohmann::json(WallTime)>;

// state, source, supervised, alarm_id, point, category, clause, description, first_value,
// worst_value, opened_at, plan (null until planned), rectified and closed ({by, note, at} or null).
nlohmann::json hazard_record_json(const HazardRecord& record, const TimeToJson& time);

}  // namespace sw::store
