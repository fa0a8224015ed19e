// SPDX-License-Identifier: Apache-2.0
#pragma once
// An operator's action on an alarm (from the console or the platform), carried to the rules thread
// that owns the alarm book, with a promise for the answer.
#include <future>
#include <optional>
#include <string>

#include "alarms/alarm_book.hpp"

namespace sw {

// What the rules thread answers: refused with a reason, or done, with the alarm's state after.
struct OperatorAnswer {
  alarms::Refusal refusal;
  std::string state;
  std::optional<WallTime> shelved_until;
};

struct OperatorRequest {
  enum class Kind { acknowledge, shelve, unshelve, remove_from_service, return_to_service };
  Kind kind = Kind::acknowledge;
  std::string alarm_id;
  std::string by;
  Millis duration{0};  // for shelve
  std::string reason;  // for shelve: why (required for priority 1)
  std::promise<OperatorAnswer> answer;
};

}  // namespace sw
