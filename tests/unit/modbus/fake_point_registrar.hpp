// SPDX-License-Identifier: Apache-2.0
#pragma once
// The core's half of point parsing, as far as the modbus driver's tests need it: the common keys
// (id, name, quantity, unit, location), the rule keys as opaque neighbours, and a record of every
// point registered. The real one is the core's SitePointRegistrar.
#include <deque>
#include <set>
#include <string>

#include "options/options.hpp"
#include "drivers/driver_registry.hpp"

namespace sw::modbus::test {

class FakePointRegistrar final : public PointRegistrar {
 public:
  PointInfo& add_point(const toml::table& table, const config::Context& ctx,
                       const std::string& device, Millis poll_period,
                       const std::set<std::string>& driver_keys) override {
    static const auto opts = [] {
      config::Options<PointInfo> o("point");
      o.require("id", &PointInfo::id, "id");
      o.add("name", &PointInfo::name, "name");
      o.add("quantity", &PointInfo::quantity, "quantity");
      o.add("unit", &PointInfo::unit, "unit");
      o.add("location", &PointInfo::location, "location");
      return o;
    }();
    PointInfo info;
    std::set<std::string> others = driver_keys;
    others.insert(rule_keys().begin(), rule_keys().end());
    opts.parse(table, info, ctx, others);
    info.device = device;
    info.poll_period = poll_period;
    info.index = next_index_++;
    if (!ids_.insert(info.id).second)
      ctx.fail(*table.get("id"), "id", "duplicate point id \"" + info.id + "\"");
    points_.push_back(info);
    return points_.back();
  }
  const std::set<std::string>& point_keys() const override {
    static const std::set<std::string> keys = [] {
      std::set<std::string> k{"id", "name", "quantity", "unit", "location"};
      k.insert(rule_keys().begin(), rule_keys().end());
      return k;
    }();
    return keys;
  }

  const std::deque<PointInfo>& points() const { return points_; }
  const PointInfo* find(const std::string& id) const {
    for (const auto& p : points_)
      if (p.id == id) return &p;
    return nullptr;
  }

 private:
  PointIndex next_index_ = 0;
  static const std::set<std::string>& rule_keys() {
    static const std::set<std::string> keys{
        "profile",  "limits",      "feed",     "deadband",        "fault_after",      "stale_after",
        "rate_max", "stuck_after", "cut_time", "calibration_due", "major_fault_after"};
    return keys;
  }
  std::set<std::string> ids_;
  std::deque<PointInfo> points_;
};

}  // namespace sw::modbus::test
