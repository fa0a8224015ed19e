// SPDX-License-Identifier: Apache-2.0
// The site config parser on arbitrary text. A bad config must end in ConfigError (the daemon exits
// 78 with file:line:column); any other exception, a crash, a leak or a hang is a finding. A config
// that is accepted must hold what the rest of the daemon relies on without checking again.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "config/site_config.hpp"
#include "fuzz_check.hpp"
#include "options/config_error.hpp"
#include "rules/rule_engine.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sw::fuzz::quiet_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sw::config::SiteConfig config;
  try {
    config = sw::config::parse_site_config(text, "fuzz.toml");
  } catch (const sw::config::ConfigError& e) {
    // The promise of the error: it names a place in the file.
    FUZZ_CHECK(e.where().file == "fuzz.toml", e.what());
    return 0;
  }
  std::set<std::string_view> ids;
  for (const auto& p : config.points) {
    FUZZ_CHECK(!p.id.empty(), "an accepted config has a point without id");
    FUZZ_CHECK(ids.insert(p.id).second, "an accepted config has a duplicate point id");
  }
  for (const auto& r : config.point_rules) {
    FUZZ_CHECK(ids.count(r.point) == 1, "point rules for a point the config does not have");
    for (const auto& feed : r.feed_points)
      FUZZ_CHECK(ids.count(feed) == 1, "a feed the config does not have");
  }
  for (const auto& b : config.buses)
    FUZZ_CHECK(b.instance != nullptr, "an accepted bus without a configured driver");
  // The rules thread builds its engine from exactly this; a config that --check-config accepts
  // must not make the daemon fail at start-up instead (exit 1 rather than 78, restarted by
  // systemd).
  try {
    sw::rules::RuleEngine engine(config.points, config.point_rules, config.composites);
  } catch (const std::exception& e) {
    FUZZ_CHECK(false, e.what());
  }
  return 0;
}
