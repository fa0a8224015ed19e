// SPDX-License-Identifier: Apache-2.0
// check_references: what can only be checked once every point is known.
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "rules/close_names.hpp"
#include "rules/expression.hpp"
#include "rules/point_rules_parser.hpp"

namespace sw::rules {

namespace {

const std::string kOk = ".ok";

[[noreturn]] void fail_at(const ConfigPlace& place, const std::string& problem) {
  throw config::ConfigError(place.position, place.key, problem);
}

std::string unknown_point(const std::string& id, const std::vector<std::string>& ids) {
  const auto close = close_names(id, ids);
  return close.empty()
             ? fmt::format("unknown point \"{}\"", id)
             : fmt::format("unknown point \"{}\"; close names: {}", id, join_names(close));
}

}  // namespace

void check_references(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules,
                      const std::vector<CompositeRule>& composites) {
  std::set<std::string> ids;
  std::vector<std::string> id_list;
  for (const auto& p : points) {
    ids.insert(p.id);
    id_list.push_back(p.id);
  }
  // In an expression "x.ok" names the quality of point x: a point called "x.ok" beside a point "x"
  // would make it ambiguous.
  for (const auto& id : ids)
    if (id.size() > kOk.size() && id.ends_with(kOk) &&
        ids.count(id.substr(0, id.size() - kOk.size())))
      throw config::ConfigError({}, id,
                                fmt::format("point id \"{}\" clashes with the quality of point "
                                            "\"{}\" in rule expressions; rename it",
                                            id, id.substr(0, id.size() - kOk.size())));

  for (const auto& r : rules)
    for (std::size_t k = 0; k < r.feed_points.size(); ++k) {
      const std::string& feed = r.feed_points[k];
      const ConfigPlace& place = k < r.feed_places.size() ? r.feed_places[k] : r.feed_place;
      if (feed == r.point) fail_at(place, "a point cannot be its own feed");
      if (!ids.count(feed)) fail_at(place, unknown_point(feed, id_list));
    }

  std::set<std::string> names;
  double scratch = 0;
  for (const auto& c : composites) {
    if (!names.insert(c.name).second)
      fail_at(c.place, fmt::format("duplicate rule name \"{}\"", c.name));
    if (!ids.count(c.point)) fail_at(c.point_place, unknown_point(c.point, id_list));
    try {
      const Expression bound(c.expression,
                             [&](const std::string& name, std::string& problem) -> double* {
                               if (ids.count(name)) return &scratch;
                               if (name.size() > kOk.size() && name.ends_with(kOk) &&
                                   ids.count(name.substr(0, name.size() - kOk.size())))
                                 return &scratch;
                               problem = unknown_point(name, id_list);
                               return nullptr;
                             });
    } catch (const ExpressionError& e) {
      fail_at(c.expression_place, std::string("expression: ") + e.what());
    }
  }
}

}  // namespace sw::rules
