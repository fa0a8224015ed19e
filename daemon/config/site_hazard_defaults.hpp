// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the site type (and a coal mine's gas class) makes of the alarms the gateway raises for a
// monitoring failure, an overdue calibration and a cut that did not happen: each site type has
// its own standard, and a coal mine's gas class decides which articles of the 判定标准 apply
// (DOMAIN.md §1, corrected). A point or profile that sets a clause or category keeps its own.
#include <optional>

#include "rules/point_rules.hpp"

namespace sw::config {

enum class SiteType { coal_mine, non_coal_mine, chemical_plant, gas_site, other };
// 煤矿瓦斯等级: 低瓦斯, 高瓦斯, 煤与瓦斯突出.
enum class GasClass { low, high, outburst };

using rules::HazardTexts;

HazardTexts hazard_defaults(SiteType type, std::optional<GasClass> gas_class);

// Fills what the point and its profile left empty.
void apply_hazard_defaults(const HazardTexts& defaults, rules::PointRules& rules);

}  // namespace sw::config
