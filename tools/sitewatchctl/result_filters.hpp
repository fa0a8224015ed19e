// SPDX-License-Identifier: Apache-2.0
#pragma once
// Choosing what to show from a result, in the client: the daemon answers with everything, so its
// handlers stay trivial and `--json` shows exactly what the table shows.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sw::console {

// Points whose id matches the shell glob `pattern` (fnmatch(3): *, ?, [...]); all when empty.
nlohmann::json filter_points(const nlohmann::json& points, std::string_view pattern);

struct FilteredAlarms {
  nlohmann::json shown = nlohmann::json::array();
  std::size_t hidden = 0;
};
// What an operator must see: without `all`, shelved and out-of-service alarms are left out (and
// counted, so the view can say so).
FilteredAlarms filter_alarms(const nlohmann::json& alarms, bool all);

}  // namespace sw::console
