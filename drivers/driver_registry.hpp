// SPDX-License-Identifier: Apache-2.0
#pragma once
// Drivers register themselves by name; the core looks them up from the bus's `driver` key and never
// names one. Adding a driver: a folder under drivers/, one line in drivers/CMakeLists.txt.
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "options/options.hpp"
#include "core/point.hpp"
#include "drivers/bus_driver.hpp"

namespace sw {

// Handed to a driver while it reads its config: the core parses the keys every point has (id,
// quantity, unit, location, profile, limits, ...) and records the point; the driver reads its own
// keys (register, type, ...) from the same table.
class PointRegistrar {
 public:
  virtual ~PointRegistrar() = default;
  // Parses the common keys of `table`, allowing `driver_keys` to stand beside them. Throws
  // config::ConfigError. `poll_period` lets the engine notice a point that stops arriving. The
  // driver may fill in what only it knows (is_switch for a coil or a bit).
  virtual PointInfo& add_point(const toml::table& table, const config::Context& ctx,
                               const std::string& device, Millis poll_period,
                               const std::set<std::string>& driver_keys) = 0;
  // The common point keys, for the driver's own unknown-key check.
  virtual const std::set<std::string>& point_keys() const = 0;
};

struct DriverFactory {
  // Keys of the [[bus]] table the core reads itself; a driver allows them beside its own.
  static const std::set<std::string>& bus_keys();

  std::string name;
  std::string description;
  std::function<std::unique_ptr<BusDriver>(const toml::table& bus, const config::Context& ctx,
                                           PointRegistrar& points)>
      configure;
  std::function<std::vector<std::pair<std::string, std::vector<config::OptionDoc>>>()> docs;
};

class DriverRegistry {
 public:
  static DriverRegistry& instance();
  void add(DriverFactory factory);
  const DriverFactory* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<DriverFactory> factories_;
};

// Static registration: `static const DriverRegistration reg{DriverFactory{...}};` in the driver's
// folder. The driver library is linked whole-archive so this runs.
struct DriverRegistration {
  explicit DriverRegistration(DriverFactory factory) {
    DriverRegistry::instance().add(std::move(factory));
  }
};

}  // namespace sw
