// SPDX-License-Identifier: Apache-2.0
#pragma once
// The value of a point's `feed` key: the power feed points its cut must switch off, one id or an
// array of distinct ids (a cut scope, 断电范围, can span several switches):
//   feed = "face3.feed"
//   feed = ["face3.feed", "face3.feed2"]
// Whether the ids name points, and not the point itself, is checked once every point is known
// (check_references).
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "options/options.hpp"
#include "rules/point_rules.hpp"

namespace sw::rules {

struct FeedList {
  std::vector<PointId> ids;
  std::vector<ConfigPlace> places;  // where each id was written
};

}  // namespace sw::rules

namespace sw::config {

template <>
struct ValueTraits<rules::FeedList> {
  static constexpr std::string_view type_name() { return "point id or array of point ids"; }
  static std::string describe(const rules::FeedList& v);
  static rules::FeedList parse(const toml::node& n, const Context& ctx, const std::string& key);
};

}  // namespace sw::config
