// SPDX-License-Identifier: Apache-2.0
#include "drivers/driver_registry.hpp"

#include <algorithm>

namespace sw {

const std::set<std::string>& DriverFactory::bus_keys() {
  static const std::set<std::string> keys{"name", "driver"};
  return keys;
}

DriverRegistry& DriverRegistry::instance() {
  static DriverRegistry registry;
  return registry;
}

void DriverRegistry::add(DriverFactory factory) {
  factories_.push_back(std::move(factory));
}

const DriverFactory* DriverRegistry::find(std::string_view name) const {
  auto it = std::find_if(factories_.begin(), factories_.end(),
                         [&](const DriverFactory& f) { return f.name == name; });
  return it == factories_.end() ? nullptr : &*it;
}

std::vector<std::string> DriverRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& f : factories_) out.push_back(f.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sw
