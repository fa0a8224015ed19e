// SPDX-License-Identifier: Apache-2.0
#pragma once
// Alarms that come from outside the hazard engine: the gateway's own (its alarm ledger's chain
// found broken, ledger_watch.hpp) and the 隐患台账's (a record past its 期限,
// hazard_deadlines.hpp). Any thread sets a condition by its source; the rules thread applies the
// changed ones to the alarm book in its next turn, so they are raised, acknowledged, ledgered, sent
// and carried over a reload like every other alarm. Setting a source again with the same state
// changes nothing (the alarm book ignores a repeat). The gateway's own sources start with
// "gateway/", and their point ids with "gateway.", which no configured point may use.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rules/condition.hpp"

namespace sw {

class GatewayConditions {
 public:
  // Any thread: replaces the condition of `c.source` (active or not).
  void set(rules::Condition c);
  // Rules thread: appends the conditions set since the last take, each source once.
  void take(std::vector<rules::Condition>& out);
  bool pending() const;
  // The rules thread wakes through this; empty to clear.
  void set_waker(std::function<void()> wake);

  // An alarm source or point id of the gateway's own, not of a configured point.
  static bool is_gateway_source(std::string_view source_or_point);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, rules::Condition> changed_;
  std::function<void()> wake_;
};

}  // namespace sw
