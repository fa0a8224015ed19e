// SPDX-License-Identifier: Apache-2.0
#pragma once
// The [alarms] section of the site config: how the alarm book judges chattering and what operators
// may hide.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace sw::alarms {

struct AlarmBookSettings {
  // Raises of one source within the window that make it chattering. EEMUA 191 suggests 3 in a
  // minute; 5 keeps a slowly oscillating gas reading from being flagged. 0 turns detection off.
  int chatter_count = 5;
  Millis chatter_window{60'000};
  // ISA-18.2 / IEC 62682 require shelving to be time-limited; the book refuses longer requests
  // rather than shortening them silently.
  Millis max_shelve{8 * 3'600'000};
  // 煤矿重大事故隐患判定标准 第十八条(六) counts masking (屏蔽) monitoring data as a major hazard
  // itself, so by default a major-hazard alarm can be neither shelved nor taken out of service.
  bool allow_shelving_major_hazards = false;
  bool allow_out_of_service_major_hazards = false;
  // Out of service has no expiry (maintenance takes what it takes), but an alarm left out of
  // service longer than this raises a reminder, `masked` (issue 17 §2: a point taken out of
  // service is 屏蔽). 8 h, one shift, is our site default, not a standard's number; a point or
  // its profile may set its own (max_out_of_service). 0 turns the reminder off.
  Millis max_out_of_service{8 * 3'600'000};
  // Priorities that cannot be shelved at all; shelving any other priority-1 alarm needs a reason
  // (issue 18: a shelved priority-1 overfill alarm hid its re-trip from the platform).
  std::vector<int> unshelvable_priorities{1};
};

// What the out-of-service reminder of an alarm on one point says: the point's own limit (unset:
// AlarmBookSettings::max_out_of_service), and the clause and hazard category of its `masked`
// alarm (empty category: an alarm, not a major hazard).
struct ServiceLimit {
  std::optional<Millis> max_out_of_service;
  std::string clause;
  std::string hazard_category;
};

}  // namespace sw::alarms
