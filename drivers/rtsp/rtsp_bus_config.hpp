// SPDX-License-Identifier: Apache-2.0
#pragma once
// The "rtsp" driver's side of the site config: reads a [[bus]] with driver = "rtsp", registers
// each camera's four generated points with the core, and builds the driver. Registered with the
// DriverRegistry under the name "rtsp".
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "options/options.hpp"
#include "drivers/bus_driver.hpp"
#include "drivers/driver_registry.hpp"

namespace sw::rtsp {

// Throws config::ConfigError (file:line:column: key: problem). No I/O.
std::unique_ptr<BusDriver> configure_rtsp_bus(const toml::table& bus, const config::Context& ctx,
                                              PointRegistrar& points);

// The reference of the driver's keys, for --print-config-reference.
std::vector<std::pair<std::string, std::vector<config::OptionDoc>>> rtsp_option_docs();

}  // namespace sw::rtsp
