// SPDX-License-Identifier: Apache-2.0
#pragma once
// A whole site for end-to-end tests, as separate processes: a real mosquitto, sitewatch-sim serving
// a scenario, and sitewatchd with the demo config pointed at them (ports and paths rewritten).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/mosquitto_broker.hpp"
#include "support/temp_dir.hpp"

namespace sw::test {

struct SiteOptions {
  std::string scenario = "tools/sitewatch-sim/scenarios/coal_face.toml";
  double speed = 4;
  std::string config = "config/demo.toml";
  // Extra text appended to the config, and line replacements ("old line" → "new line").
  std::string config_tail;
  std::map<std::string, std::string> replace;
  bool start_daemon = true;
  // More arguments for sitewatch-sim (e.g. "--loop"), and the broker's options (e.g. persistence
  // so that a persistent-session subscriber misses nothing across a broker restart).
  std::vector<std::string> sim_args;
  BrokerOptions broker;
  // More environment for sitewatchd, "NAME=value" (e.g. NOTIFY_SOCKET, as systemd sets it).
  std::vector<std::string> daemon_env;
};

class SiteUnderTest {
 public:
  explicit SiteUnderTest(SiteOptions options = {});
  ~SiteUnderTest();

  MosquittoBroker& broker() { return *broker_; }
  const TempDir& dir() const { return dir_; }
  std::string config_path() const { return dir_.file("sitewatch.toml"); }
  std::string console_socket() const { return dir_.file("console.sock"); }
  std::string store_path() const { return dir_.file("sitewatch.db"); }
  int sim_port() const { return sim_port_; }
  ChildProcess& daemon() { return *daemon_; }
  ChildProcess& simulator() { return *sim_; }
  void start_daemon();
  void kill_daemon();  // SIGKILL
  // The log of every daemon run so far, in order (each run writes sitewatchd-<n>.log).
  std::string daemon_logs() const;
  int daemon_runs() const { return daemon_runs_; }
  // Runs sitewatchctl with the site's socket; returns exit code and output.
  std::pair<int, std::string> ctl(const std::string& args);

 private:
  TempDir dir_;
  SiteOptions options_;
  std::unique_ptr<MosquittoBroker> broker_;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<ChildProcess> daemon_;
  int sim_port_ = 0;
  int daemon_runs_ = 0;
};

// Reads a file of the source tree (SITEWATCH_SOURCE_DIR).
std::string source_file(const std::string& relative);

}  // namespace sw::test
