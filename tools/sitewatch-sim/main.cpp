// SPDX-License-Identifier: Apache-2.0
// sitewatch-sim: serves a scripted site over Modbus TCP or RTU for demos and tests.
//   sitewatch-sim --scenario scenarios/coal_face.toml --port 0 --loop
// prints "sitewatch-sim: listening tcp 127.0.0.1:<port>" once it accepts connections.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "options/config_error.hpp"
#include "register_image.hpp"
#include "rtu_server.hpp"
#include "scenario.hpp"
#include "tcp_server.hpp"

namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) {
  g_stop = true;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sitewatch-sim — a Modbus site simulator with scripted scenarios"};
  std::string scenario_path;
  std::string host = "127.0.0.1";
  int port = 0;
  sw::sim::SerialSettings serial;
  double speed = 1.0;
  double start_at = 0;
  bool loop = false;
  app.add_option("-s,--scenario", scenario_path, "scenario file (TOML)")->required();
  app.add_option("--host", host, "address to listen on (TCP)")->capture_default_str();
  app.add_option("-p,--port", port, "TCP port; 0 picks a free one")->capture_default_str();
  app.add_option("--rtu", serial.device, "serve Modbus RTU on this serial device instead of TCP");
  app.add_option("--baud", serial.baud, "RTU baud rate")->capture_default_str();
  app.add_option("--parity", serial.parity, "RTU parity: N, E or O")->capture_default_str();
  app.add_option("--speed", speed, "scenario time runs this many times faster")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--start-at", start_at, "start the timeline at this scenario second");
  app.add_flag("--loop", loop, "repeat the timeline every cycle");
  CLI11_PARSE(app, argc, argv);

  sw::sim::Scenario scenario;
  try {
    scenario = sw::sim::load_scenario(scenario_path);
  } catch (const sw::config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return 78;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);  // a client that vanished must not kill the simulator

  const auto t0 = std::chrono::steady_clock::now();
  auto scenario_time = [&] {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * speed +
        start_at;
    if (loop && scenario.cycle_s > 0) return std::fmod(elapsed, scenario.cycle_s);
    return elapsed;
  };

  try {
    sw::sim::RegisterImage image(scenario);
    if (!serial.device.empty()) {
      sw::sim::RtuServer server(scenario, image, serial);
      std::printf("sitewatch-sim: listening rtu %s\n", serial.device.c_str());
      std::fflush(stdout);
      server.run(g_stop, scenario_time);
    } else {
      sw::sim::TcpServer server(scenario, image, host, port);
      std::printf("sitewatch-sim: listening tcp %s:%d\n", host.c_str(), server.port());
      std::fflush(stdout);
      server.run(g_stop, scenario_time);
    }
  } catch (const std::exception& e) {
    std::cerr << "sitewatch-sim: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
