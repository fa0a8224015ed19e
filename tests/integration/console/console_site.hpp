// SPDX-License-Identifier: Apache-2.0
#pragma once
// A whole site (mosquitto, sitewatch-sim, sitewatchd as processes) with the real sitewatchctl
// pointed at its console socket. Conditions are awaited by asking the console, the way an operator
// would, never by sleeping.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctl_process.hpp"
#include "support/site_under_test.hpp"
#include "support/wait_until.hpp"

namespace sw::test {

inline constexpr const char* kMethaneScenario =
    "tests/integration/console/scenarios/methane_stays_high.toml";
inline constexpr const char* kSilentAnemometerScenario =
    "tests/integration/console/scenarios/anemometer_falls_silent.toml";

// Fast: methane passes 1.0 % about 1.1 s after the simulator starts.
inline constexpr double kFast = 32;
// Calm for 8 s first, so a test can see the site before the alarm.
inline constexpr double kCalmFirst = 4;

inline SiteOptions console_site_options(double speed = kFast,
                                        const char* scenario = kMethaneScenario) {
  SiteOptions options;
  options.scenario = scenario;
  options.speed = speed;
  return options;
}

class ConsoleSite {
 public:
  explicit ConsoleSite(SiteOptions options = console_site_options()) : site_(std::move(options)) {}

  SiteUnderTest& site() { return site_; }
  std::string socket() const { return site_.console_socket(); }

  // sitewatchctl --socket <the site's> ARGS...
  CtlResult ctl(std::vector<std::string> args, const CtlEnv& env = {}) {
    args.insert(args.begin(), {"--socket", socket()});
    return run_ctl(std::move(args), env);
  }

  // sitewatchctl ARGS... --json, which must succeed and print JSON.
  nlohmann::json ctl_json(std::vector<std::string> args) {
    args.push_back("--json");
    const auto run = ctl(args);
    INFO("sitewatchctl " << join(args) << "\nstdout: " << run.out << "\nstderr: " << run.err);
    REQUIRE(run.code == 0);
    const auto result = run.json();
    REQUIRE_FALSE(result.is_discarded());
    return result;
  }

  // Asks `sitewatchctl ARGS --json` until `ready(result)`; returns that result, or null when the
  // time ran out (the caller REQUIREs it, so the failure names what was awaited).
  nlohmann::json await_json(const std::vector<std::string>& args,
                            const std::function<bool(const nlohmann::json&)>& ready,
                            std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    nlohmann::json last;
    std::vector<std::string> with_json = args;
    with_json.push_back("--json");
    const bool ok = wait_until(
        [&] {
          const auto run = ctl(with_json);
          last = run.code == 0 ? run.json() : nlohmann::json();
          return run.code == 0 && !last.is_discarded() && ready(last);
        },
        timeout, std::chrono::milliseconds(100));
    if (!ok) {
      UNSCOPED_INFO("awaited `sitewatchctl " << join(args) << "`; last answer: " << last.dump());
      UNSCOPED_INFO("daemon log (tail): " << tail(site_.daemon().log()));
      return nullptr;
    }
    return last;
  }

  // The first alarm (also shelved ones) on `point` whose rule is `rule`, once there is one.
  nlohmann::json await_alarm(const std::string& point, const std::string& rule,
                             const std::function<bool(const nlohmann::json&)>& also = {}) {
    nlohmann::json found;
    const auto result = await_json({"alarms", "--all"}, [&](const nlohmann::json& alarms) {
      for (const auto& a : alarms)
        if (a.value("point", "") == point && a.value("rule", "") == rule && (!also || also(a))) {
          found = a;
          return true;
        }
      return false;
    });
    return result.is_null() ? nlohmann::json() : found;
  }

  // The alarm with this id in `alarms --all --json`, null when it is not listed.
  nlohmann::json alarm_by_id(const std::string& alarm_id) {
    for (const auto& a : ctl_json({"alarms", "--all"}))
      if (a.value("alarm_id", "") == alarm_id) return a;
    return nullptr;
  }

  static std::string join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
    return out;
  }

  static std::string tail(const std::string& log, std::size_t bytes = 3000) {
    return log.size() <= bytes ? log : log.substr(log.size() - bytes);
  }

 private:
  SiteUnderTest site_;
};

}  // namespace sw::test
