// SPDX-License-Identifier: Apache-2.0
#pragma once
// The engine's table of points (RulePoint), built once from the config: every text in one
// buffer, equal settings shared, ids found by binary search. At 10,000 points of one profile it
// holds about 100 bytes a point instead of a copy of PointInfo and PointRules each.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/point.hpp"
#include "rules/point_rules.hpp"
#include "rules/rule_point.hpp"

namespace sw::rules {

class PointTable {
 public:
  // Point i of the table is points[i]. Throws std::invalid_argument on a duplicate id, rules for an
  // unknown point, a feed that is not a point or is named twice by one point, and a
  // calibration_due that is not a date (the parser refuses the last three first).
  PointTable(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules);
  PointTable(const PointTable&) = delete;  // the points view into texts_
  PointTable& operator=(const PointTable&) = delete;

  std::size_t size() const { return points_.size(); }
  const RulePoint& operator[](std::size_t i) const { return points_[i]; }
  // A point's index by its id (off the hot path: a binary search).
  std::optional<std::size_t> find(std::string_view id) const;

 private:
  std::string texts_;                  // every point's id, name, unit and calibration date
  std::deque<RuleSettings> settings_;  // distinct settings (a deque: the points point into it)
  std::vector<RulePoint> points_;
  std::vector<std::uint32_t> feeds_;  // every point's feed indexes, one point after another
  std::vector<std::uint32_t> by_id_;  // point indexes in the order of their ids
};

}  // namespace sw::rules
