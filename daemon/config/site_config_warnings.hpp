// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a config may legally say but a site's standard would not accept: printed by
// `sitewatchd --check-config` and logged at start, never a reason to refuse the config (the
// gateway must keep monitoring what it can).
#include <string>
#include <vector>

#include "config/site_config.hpp"

namespace sw::config {

// One line each: "<file>: point \"face3.ch4\" (回风隅角甲烷): <problem>".
std::vector<std::string> config_warnings(const SiteConfig& config);

}  // namespace sw::config
