// SPDX-License-Identifier: Apache-2.0
#pragma once
// kind "hazard" (docs/messages.md): one step of a 隐患台账 record — opened, planned, rectified,
// closed, reopened, supervised — with the record as it is after the step, so the platform's copy of
// the register needs nothing but these messages.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store/hazard_register.hpp"
#include "uplink/message_encoder.hpp"

namespace sw::uplink {

// The message's `data`.
nlohmann::json hazard_data(const MessageEncoder& encoder, const store::HazardRecord& record,
                           const store::HazardStep& step);
// The whole envelope; its `time` is the step's.
std::string hazard_message(const MessageEncoder& encoder, const store::HazardRecord& record,
                           const store::HazardStep& step, const std::string& id, std::int64_t seq);

}  // namespace sw::uplink
