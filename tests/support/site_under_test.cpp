// SPDX-License-Identifier: Apache-2.0
#include "support/site_under_test.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "support/free_port.hpp"
#include "support/wait_until.hpp"

namespace sw::test {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(SITEWATCH_SOURCE_DIR) + "/" + relative);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SiteUnderTest::SiteUnderTest(SiteOptions options) : options_(std::move(options)) {
  broker_ = std::make_unique<MosquittoBroker>(std::nullopt, 0, options_.broker);
  const std::string scenario = std::string(SITEWATCH_SOURCE_DIR) + "/" + options_.scenario;
  std::vector<std::string> sim_argv = built_command("sitewatch-sim");
  sim_argv.insert(sim_argv.end(), {"--scenario", scenario, "--port", "0", "--speed",
                                   std::to_string(options_.speed)});
  sim_argv.insert(sim_argv.end(), options_.sim_args.begin(), options_.sim_args.end());
  sim_ = std::make_unique<ChildProcess>(std::move(sim_argv), dir_.file("sim.log"));
  if (!wait_until([&] {
        return sim_->log().find("listening tcp") != std::string::npos || !sim_->running();
      }))
    throw std::runtime_error("sitewatch-sim did not start: " + sim_->log());
  std::smatch m;
  const std::string log = sim_->log();
  if (!std::regex_search(log, m, std::regex("listening tcp [0-9.]+:([0-9]+)")))
    throw std::runtime_error("no port in: " + log);
  sim_port_ = std::stoi(m[1]);

  std::string cfg = source_file(options_.config);
  cfg = std::regex_replace(cfg, std::regex("\nport = 1883"),
                           "\nport = " + std::to_string(broker_->port()));
  cfg =
      std::regex_replace(cfg, std::regex("\nport = 1502"), "\nport = " + std::to_string(sim_port_));
  cfg = std::regex_replace(cfg, std::regex("/tmp/sitewatch-demo"), dir_.path().string());
  for (const auto& [from, to] : options_.replace) {
    const auto at = cfg.find(from);
    if (at == std::string::npos) throw std::runtime_error("config has no line: " + from);
    cfg.replace(at, from.size(), to);
  }
  cfg += "\n" + options_.config_tail;
  dir_.write("sitewatch.toml", cfg);
  if (options_.start_daemon) start_daemon();
}

SiteUnderTest::~SiteUnderTest() {
  if (daemon_) daemon_->stop(10000);
}

void SiteUnderTest::start_daemon() {
  ++daemon_runs_;
  std::vector<std::string> argv = built_command("sitewatchd");
  argv.insert(argv.end(), {"--config", config_path(), "--log-level", "debug"});
  daemon_ = std::make_unique<ChildProcess>(
      std::move(argv), dir_.file("sitewatchd-" + std::to_string(daemon_runs_) + ".log"),
      options_.daemon_env);
  if (!wait_until(
          [&] {
            return daemon_->log().find("[gateway] running") != std::string::npos ||
                   !daemon_->running();
          },
          std::chrono::seconds(20)) ||
      !daemon_->running())
    throw std::runtime_error("sitewatchd did not start: " + daemon_->log());
}

void SiteUnderTest::kill_daemon() {
  daemon_->kill_hard();
}

std::string SiteUnderTest::daemon_logs() const {
  std::string out;
  for (int run = 1; run <= daemon_runs_; ++run) {
    std::ifstream in(dir_.file("sitewatchd-" + std::to_string(run) + ".log"));
    std::stringstream ss;
    ss << in.rdbuf();
    out += "--- sitewatchd run " + std::to_string(run) + "\n" + ss.str();
  }
  return out;
}

std::pair<int, std::string> SiteUnderTest::ctl(const std::string& args) {
  const std::string out_path = dir_.file("ctl.out");
  std::string cmd;
  for (const auto& word : built_command("sitewatchctl")) cmd += word + " ";
  cmd += "--socket " + console_socket() + " " + args + " >" + out_path + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(out_path);
  std::stringstream ss;
  ss << in.rdbuf();
  return {WEXITSTATUS(rc), ss.str()};
}

}  // namespace sw::test
