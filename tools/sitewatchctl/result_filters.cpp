// SPDX-License-Identifier: Apache-2.0
#include "sitewatchctl/result_filters.hpp"

#include <fnmatch.h>

#include <string>

#include "sitewatchctl/json_fields.hpp"

namespace sw::console {

nlohmann::json filter_points(const nlohmann::json& points, std::string_view pattern) {
  if (!points.is_array() || pattern.empty()) return points;
  const std::string glob(pattern);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& point : points)
    if (::fnmatch(glob.c_str(), text_of(point, "id", "").c_str(), 0) == 0) out.push_back(point);
  return out;
}

FilteredAlarms filter_alarms(const nlohmann::json& alarms, bool all) {
  FilteredAlarms out;
  if (!alarms.is_array()) {
    out.shown = alarms;
    return out;
  }
  for (const auto& alarm : alarms) {
    const std::string state = text_of(alarm, "state", "");
    if (!all && (state == "shelved" || state == "out_of_service"))
      ++out.hidden;
    else
      out.shown.push_back(alarm);
  }
  return out;
}

}  // namespace sw::console
