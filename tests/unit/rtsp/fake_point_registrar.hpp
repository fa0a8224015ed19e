// SPDX-License-Identifier: Apache-2.0
#pragma once
// The core's half of point parsing, as far as the rtsp driver's tests need it: the common keys
// (id, name, quantity, unit, location) and a stand-in for the rule keys, recording every point.
// Like the real registrar, it fails at the node it complains about — which, for a table the
// driver copied, has no source position.
#include <deque>
#include <map>
#include <set>
#include <string>

#include "options/options.hpp"
#include "drivers/driver_registry.hpp"

namespace sw::rtsp::test {

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
    if (const auto* limits = table.get("limits"); limits != nullptr && !limits->is_array())
      ctx.fail(*limits, "limits", "expected an array of limit tables");
    info.device = device;
    info.poll_period = poll_period;
    info.index = next_index_++;
    if (!ids_.insert(info.id).second)
      ctx.fail(*table.get("id"), "id", "duplicate point id \"" + info.id + "\"");
    tables_[info.id] = table;
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
  const toml::table& table_of(const std::string& id) const { return tables_.at(id); }

 private:
  PointIndex next_index_ = 0;
  static const std::set<std::string>& rule_keys() {
    // As daemon/rules/point_rules_parser.cpp declares them.
    static const std::set<std::string> keys{"profile",
                                            "limits",
                                            "feed",
                                            "cut_time",
                                            "rate_max",
                                            "stuck_after",
                                            "fault_after",
                                            "major_fault_after",
                                            "stale_after",
                                            "calibration_due",
                                            "deadband",
                                            "clause",
                                            "fault_clause",
                                            "cut_clause",
                                            "cut_hazard_category",
                                            "calibration_clause"};
    return keys;
  }
  std::set<std::string> ids_;
  std::deque<PointInfo> points_;
  std::map<std::string, toml::table> tables_;
};

}  // namespace sw::rtsp::test
