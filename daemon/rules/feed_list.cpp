// SPDX-License-Identifier: Apache-2.0
#include "rules/feed_list.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sw::config {

std::string ValueTraits<rules::FeedList>::describe(const rules::FeedList& v) {
  if (v.ids.size() == 1) return "\"" + v.ids.front() + "\"";
  std::string out = "[";
  for (const auto& id : v.ids) out += (out.size() > 1 ? ", \"" : "\"") + id + "\"";
  return out + "]";
}

rules::FeedList ValueTraits<rules::FeedList>::parse(const toml::node& n, const Context& ctx,
                                                    const std::string& key) {
  rules::FeedList out;
  if (auto id = n.value_exact<std::string>()) {
    out.ids.push_back(*id);
    out.places.push_back({ctx.position_of(n), ctx.key_path(key)});
    return out;
  }
  const auto* arr = n.as_array();
  if (arr == nullptr)
    fail_at(ctx, n, key,
            "expected a point id or an array of point ids, e.g. \"face3.feed\" or "
            "[\"face3.feed\", \"face3.feed2\"]");
  if (arr->empty())
    fail_at(ctx, n, key,
            "expected at least one feed point id; leave `feed` out when the point has no feed");
  std::size_t index = 0;
  for (const auto& element : *arr) {
    const Context ectx = ctx.element(key, index++);
    const auto id = element.value_exact<std::string>();
    if (!id)
      throw ConfigError(ctx.position_of(element), ectx.path,
                        "expected a point id (a string) such as \"face3.feed\"");
    const auto same = std::find(out.ids.begin(), out.ids.end(), *id);
    if (same != out.ids.end())
      throw ConfigError(ctx.position_of(element), ectx.path,
                        fmt::format("feed point \"{}\" is named twice (also at {})", *id,
                                    out.places[same - out.ids.begin()].key));
    out.ids.push_back(*id);
    out.places.push_back({ctx.position_of(element), ectx.path});
  }
  return out;
}

}  // namespace sw::config
