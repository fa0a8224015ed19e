// SPDX-License-Identifier: Apache-2.0
#pragma once
// Modbus RTU for tests without hardware: a socat pty pair, sitewatch-sim serving a scenario on one
// end, the other end for the driver or the daemon (as EMQ Neuron's functional tests do it).
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace sw::test {

class RtuSim {
 public:
  // `scenario`: a path; `extra`: more arguments for sitewatch-sim (e.g. --start-at 30).
  RtuSim(const std::string& scenario, int baud, const std::vector<std::string>& extra = {})
      : sim_end_(dir_.file("sim-tty")), gateway_end_(dir_.file("gw-tty")) {
    socat_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"socat", "-d", "-d", "pty,raw,echo=0,link=" + sim_end_,
                                 "pty,raw,echo=0,link=" + gateway_end_},
        dir_.file("socat.log"));
    REQUIRE(wait_until([&] {
      return std::filesystem::exists(sim_end_) && std::filesystem::exists(gateway_end_);
    }));
    std::vector<std::string> argv = built_command("sitewatch-sim");
    argv.insert(argv.end(),
                {"--scenario", scenario, "--rtu", sim_end_, "--baud", std::to_string(baud)});
    argv.insert(argv.end(), extra.begin(), extra.end());
    sim_ = std::make_unique<ChildProcess>(argv, dir_.file("sim.log"));
    REQUIRE(wait_until([&] {
      return sim_->log().find("listening rtu") != std::string::npos || !sim_->running();
    }));
    REQUIRE(sim_->running());
  }

  // The pty the gateway opens (a [[bus]]'s device_path).
  const std::string& device_path() const { return gateway_end_; }
  ChildProcess& simulator() { return *sim_; }

 private:
  TempDir dir_;
  std::string sim_end_;
  std::string gateway_end_;
  std::unique_ptr<ChildProcess> socat_;
  std::unique_ptr<ChildProcess> sim_;
};

}  // namespace sw::test
