// SPDX-License-Identifier: Apache-2.0
// sitewatchd: the gateway daemon. Exit codes: 0 clean stop, 1 fatal runtime error, 2 usage,
// 78 bad config (EX_CONFIG; systemd does not restart on it).
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "config/site_config.hpp"
#include "config/site_config_warnings.hpp"
#include "gateway.hpp"
#include "logging.hpp"
#include "rules/close_names.hpp"
#include "rules/limits_explanation.hpp"

namespace {

// --check-config FILE --explain POINT_ID: what the engine will check on that point. An unknown id
// is a usage error (exit 2) with the closest names.
int explain(const sw::config::SiteConfig& cfg, const std::string& path, const std::string& id) {
  sw::rules::ProfileLibrary profiles = sw::rules::ProfileLibrary::builtin();
  for (const auto& dir : cfg.rules.profile_dirs) profiles.load_directory(dir);
  std::vector<std::string> close;
  const auto limits = sw::rules::explain_point(id, cfg.points, cfg.point_rules, profiles, &close);
  if (!limits) {
    std::cerr << path << ": --explain: no point \"" << id
              << "\"; close names: " << sw::rules::join_names(close) << "\n";
    return 2;
  }
  std::cout << sw::rules::explain_text(*limits);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever umask we were started with (022 from a shell), the store, its WAL and anything else
  // the daemon creates are never world-readable: they hold the site's alarm record.
  ::umask(027);
  // glibc gives each thread that allocates an arena of its own (up to 8 per core); the pollers,
  // the rules thread and Paho's threads each kept megabytes of freed memory resident in theirs
  // (issue 12: 24 MB at 10,000 points). Steady state allocates nothing per sample, so two arenas
  // cost no contention worth measuring.
  mallopt(M_ARENA_MAX, 2);
  CLI::App app{"sitewatchd — edge gateway for major-accident-hazard monitoring"};
  std::string config_path = "/etc/sitewatch/sitewatch.toml";
  std::string check_path;
  std::string explain_id;
  std::string log_level;
  bool print_reference = false;
  app.add_option("-c,--config", config_path, "site config file")->capture_default_str();
  app.add_option("--check-config", check_path, "validate a config file and exit (0 good, 78 bad)");
  app.add_option("--explain", explain_id,
                 "with --check-config: print a point's effective limits (profile and overrides), "
                 "levels, delays and clauses")
      ->needs(app.get_option("--check-config"));
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error (overrides [log])")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_flag("--print-config-reference", print_reference,
               "print every config key with its type, default and meaning (Markdown)");
  app.set_version_flag("--version", std::string(SITEWATCH_VERSION));
  CLI11_PARSE(app, argc, argv);

  if (print_reference) {
    std::cout << sw::config::config_reference_markdown();
    return 0;
  }
  if (!check_path.empty()) {
    try {
      const auto cfg = sw::config::load_site_config(check_path);
      for (const auto& w : cfg.warnings) std::cerr << "warning: " << w << "\n";
      for (const auto& w : sw::config::config_warnings(cfg)) std::cerr << "warning: " << w << "\n";
      std::cout << check_path << ": ok (" << cfg.buses.size() << " buses, " << cfg.points.size()
                << " points, " << cfg.composites.size() << " composite rules)\n";
      if (cfg.mqtt.commands.key.empty())
        std::cerr << check_path
                  << ": warning: [mqtt.commands] key_file is not set: any client the broker lets "
                     "publish on the command topic can acknowledge alarms and request resends "
                     "(docs/messages.md, Signed commands)\n";
      if (!explain_id.empty()) return explain(cfg, check_path, explain_id);
      return 0;
    } catch (const sw::config::ConfigError& e) {
      std::cerr << e.what() << "\n";
      return sw::config::kExitBadConfig;
    }
  }

  sw::setup_logging(log_level.empty() ? "info" : log_level);
  sw::config::SiteConfig cfg;
  try {
    cfg = sw::config::load_site_config(config_path);
  } catch (const sw::config::ConfigError& e) {
    spdlog::critical("[main] bad config: {}", e.what());
    std::cerr << e.what() << "\n";
    return sw::config::kExitBadConfig;
  }
  if (log_level.empty()) sw::set_log_level(cfg.log.level);
  try {
    sw::Gateway gateway(config_path, std::move(cfg), log_level);
    return gateway.run();
  } catch (const std::exception& e) {
    spdlog::critical("[main] fatal: {}", e.what());
    return 1;
  }
}
