// SPDX-License-Identifier: Apache-2.0
#include "config/site_config_warnings.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sw::config {

namespace {
// Coal-mine monitoring: a polling cycle of at most 30 s (GB 50581; DOMAIN.md §1, V).
constexpr Millis kCoalMaxPollPeriod{30'000};

std::string point_named(const SiteConfig& config, const PointInfo& p) {
  return p.name.empty() || p.name == p.id
             ? fmt::format("{}: point \"{}\"", config.source_file, p.id)
             : fmt::format("{}: point \"{}\" ({})", config.source_file, p.id, p.name);
}
}  // namespace

std::vector<std::string> config_warnings(const SiteConfig& config) {
  std::vector<std::string> out;
  if (config.site.site_type != SiteType::coal_mine) return out;
  for (std::size_t i = 0; i < config.points.size(); ++i) {
    const PointInfo& p = config.points[i];
    if (p.poll_period > kCoalMaxPollPeriod)
      out.push_back(
          fmt::format("{}: polled every {}, longer than the 30s a coal-mine monitoring "
                      "system allows (GB 50581)",
                      point_named(config, p), format_duration(p.poll_period)));
    const rules::PointRules* r = i < config.point_rules.size() ? &config.point_rules[i] : nullptr;
    const bool cuts = r != nullptr && std::any_of(r->limits.begin(), r->limits.end(),
                                                  [](const auto& l) { return l.cuts_power; });
    if (p.quantity == "methane" && cuts && (r == nullptr || r->feed_points.empty()))
      out.push_back(
          fmt::format("{}: a coal-mine methane point with a power-cut level but no "
                      "`feed`: whether the cut happened (power_not_cut, 判定标准 "
                      "第五条(二)) cannot be checked",
                      point_named(config, p)));
  }
  return out;
}

}  // namespace sw::config
