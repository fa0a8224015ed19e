// SPDX-License-Identifier: Apache-2.0
#include "rules/point_table.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "rules/calibration_date.hpp"

namespace sw::rules {

namespace {

RuleSettings settings_of(const PointRules& rules) {
  RuleSettings s;
  s.profile = rules.profile;
  s.limits = rules.limits;
  rank_levels(s.limits);
  s.cut_time = rules.cut_time;
  s.cut_scope = rules.cut_scope;
  s.rate_max = rules.rate_max;
  s.stuck_after = rules.stuck_after;
  s.fault_after = rules.fault_after;
  s.major_fault_after = rules.major_fault_after;
  s.max_calibration = rules.max_calibration;
  s.max_warm_up = rules.max_warm_up;
  s.max_out_of_service = rules.max_out_of_service;
  static_cast<HazardTexts&>(s) = rules;
  s.range = rules.range;
  return s;
}

// Enough to tell settings apart quickly; equality decides.
std::size_t hash_of(const RuleSettings& s) {
  std::size_t h = std::hash<std::string>{}(s.fault_clause);
  auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  mix(std::hash<std::string>{}(s.cut_clause));
  mix(std::hash<std::string>{}(s.cut_hazard_category));
  mix(std::hash<std::string>{}(s.calibration_clause));
  mix(std::hash<std::string>{}(s.fault_hazard_category));
  mix(std::hash<std::string>{}(s.calibration_hazard_category));
  for (const auto& l : s.limits) {
    mix(std::hash<std::string>{}(l.level));
    mix(std::hash<double>{}(l.threshold));
  }
  mix(std::hash<double>{}(s.rate_max.value_or(-1)));
  return h;
}

// Where a text sits in texts_ (or a point's feeds in feeds_) while the buffer still grows.
struct Span {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

}  // namespace

PointTable::PointTable(const std::vector<PointInfo>& points, const std::vector<PointRules>& rules) {
  const std::size_t n = points.size();
  by_id_.resize(n);
  std::iota(by_id_.begin(), by_id_.end(), 0U);
  std::stable_sort(by_id_.begin(), by_id_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return points[a].id < points[b].id; });
  for (std::size_t k = 1; k < n; ++k)
    if (points[by_id_[k]].id == points[by_id_[k - 1]].id)
      throw std::invalid_argument("duplicate point id \"" + points[by_id_[k]].id + "\"");
  auto index_in = [&](const std::string& id) -> std::optional<std::size_t> {
    auto it =
        std::lower_bound(by_id_.begin(), by_id_.end(), id,
                         [&](std::uint32_t i, const std::string& v) { return points[i].id < v; });
    if (it == by_id_.end() || points[*it].id != id) return std::nullopt;
    return *it;
  };

  std::vector<const PointRules*> rules_of(n, nullptr);
  for (const auto& r : rules) {
    const auto i = index_in(r.point);
    if (!i) throw std::invalid_argument("rules for unknown point \"" + r.point + "\"");
    rules_of[*i] = &r;
  }

  // Texts: ids once each, and names, units and dates once per distinct text.
  std::vector<Span> spans(4 * n);
  std::vector<Span> feed_spans(n);  // where each point's feeds sit in feeds_ while it grows
  std::unordered_map<std::string_view, Span> interned;
  auto append = [&](std::string_view text) {
    const Span s{static_cast<std::uint32_t>(texts_.size()),
                 static_cast<std::uint32_t>(text.size())};
    texts_.append(text);
    return s;
  };
  auto intern = [&](std::string_view text) {
    if (auto it = interned.find(text); it != interned.end()) return it->second;
    const Span s = append(text);
    interned.emplace(text, s);  // `text` lives in `points` or `rules` until the end
    return s;
  };

  const PointRules defaults;
  std::unordered_map<std::size_t, std::vector<const RuleSettings*>> settings_by_hash;
  points_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const PointInfo& info = points[i];
    const PointRules& r = rules_of[i] != nullptr ? *rules_of[i] : defaults;
    spans[4 * i] = append(info.id);
    spans[4 * i + 1] = info.name.empty() ? spans[4 * i] : intern(info.name);
    spans[4 * i + 2] = intern(info.unit);
    if (r.calibration_due && !calibration_overdue_at(*r.calibration_due))
      throw std::invalid_argument("point " + info.id + ": calibration_due \"" + *r.calibration_due +
                                  "\" is not a date YYYY-MM-DD");
    spans[4 * i + 3] = r.calibration_due ? intern(*r.calibration_due) : Span{};

    RuleSettings s = settings_of(r);
    auto& same_hash = settings_by_hash[hash_of(s)];
    auto it = std::find_if(same_hash.begin(), same_hash.end(),
                           [&](const RuleSettings* known) { return *known == s; });
    RulePoint& p = points_[i];
    if (it != same_hash.end()) {
      p.settings = *it;
    } else {
      p.settings = &settings_.emplace_back(std::move(s));
      same_hash.push_back(p.settings);
    }
    p.stale_after =
        r.stale_after.value_or(default_stale_after(info.poll_period).value_or(Millis{0}));
    feed_spans[i].offset = static_cast<std::uint32_t>(feeds_.size());
    for (const auto& id : r.feed_points) {
      const auto feed = index_in(id);
      if (!feed)
        throw std::invalid_argument("point \"" + info.id + "\": unknown feed point \"" + id + "\"");
      const auto index = static_cast<std::uint32_t>(*feed);
      if (std::find(feeds_.begin() + feed_spans[i].offset, feeds_.end(), index) != feeds_.end())
        throw std::invalid_argument("point \"" + info.id + "\": feed point \"" + id +
                                    "\" named twice");
      feeds_.push_back(index);
    }
    feed_spans[i].size = static_cast<std::uint32_t>(feeds_.size()) - feed_spans[i].offset;
  }
  texts_.shrink_to_fit();
  feeds_.shrink_to_fit();
  for (std::size_t i = 0; i < n; ++i) {
    auto view = [&](const Span& s) { return std::string_view(texts_).substr(s.offset, s.size); };
    points_[i].id = view(spans[4 * i]);
    points_[i].name = view(spans[4 * i + 1]);
    points_[i].unit = view(spans[4 * i + 2]);
    points_[i].calibration_due = view(spans[4 * i + 3]);
    points_[i].feeds =
        std::span<const std::uint32_t>(feeds_).subspan(feed_spans[i].offset, feed_spans[i].size);
  }
}

std::optional<std::size_t> PointTable::find(std::string_view id) const {
  auto it =
      std::lower_bound(by_id_.begin(), by_id_.end(), id,
                       [&](std::uint32_t i, std::string_view v) { return points_[i].id < v; });
  if (it == by_id_.end() || points_[*it].id != id) return std::nullopt;
  return *it;
}

}  // namespace sw::rules
