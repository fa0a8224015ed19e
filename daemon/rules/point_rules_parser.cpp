// SPDX-License-Identifier: Apache-2.0
#include "rules/point_rules_parser.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/calibration_date.hpp"
#include "rules/close_names.hpp"
#include "rules/expression.hpp"
#include "rules/feed_list.hpp"
#include "rules/limit_entry.hpp"
#include "rules/rule_setting_keys.hpp"

namespace sw::rules {

namespace {

// The rule keys of a point table, as written (PointRules is what they resolve to with the
// profile).
struct PointRuleKeys : RuleSettingKeys {
  std::string profile;
  LimitEntries limits;
  std::optional<FeedList> feed;
  std::optional<std::string> calibration_due;
  std::optional<std::string> clause;
  std::optional<std::string> cut_scope;
};

const config::Options<PointRuleKeys>& point_rule_options() {
  static const auto opts = [] {
    config::Options<PointRuleKeys> o("point rules");
    o.add("profile", &PointRuleKeys::profile,
          "standard profile: \"coal.methane.return_corner\", \"gbt50493.combustible\", ...");
    o.add("limits", &PointRuleKeys::limits,
          "limit levels: an entry naming a profile level overrides the fields it gives, a new "
          "name adds a level");
    o.add("feed", &PointRuleKeys::feed,
          "point id of the power feed a cuts_power level must switch off (馈电), or an array of "
          "distinct ids when the cut scope spans several switches: the cut is proven only when "
          "every one reports off");
    declare_rule_setting_keys(o);
    o.add("calibration_due", &PointRuleKeys::calibration_due,
          "\"YYYY-MM-DD\": past this day (China Standard Time) calibration (调校) is overdue: an "
          "alarm, a major hazard where the site's standard makes it one (coal high-gas and "
          "outburst mines: 判定标准 第七条(二))")
        .check(
            [](const PointRuleKeys& k) {
              return !k.calibration_due || calibration_overdue_at(*k.calibration_due);
            },
            "expected a calendar date written YYYY-MM-DD, e.g. \"2026-12-31\"");
    o.add("clause", &PointRuleKeys::clause,
          "clause shown with this point's limit alarms (e.g. another edition's numbering)");
    o.add("cut_scope", &PointRuleKeys::cut_scope,
          "what its power-cut level switches off (第498条 断电范围), named in the power-cut and "
          "power-not-cut alarms (default: the profile's)");
    return o;
  }();
  return opts;
}

const config::Options<CompositeRule>& composite_options() {
  static const auto opts = [] {
    config::Options<CompositeRule> o("rule");
    o.require("name", &CompositeRule::name, "unique name; the alarm's source is \"rule/<name>\"")
        .check(
            [](const CompositeRule& r) {
              return !r.name.empty() && std::none_of(r.name.begin(), r.name.end(), [](char c) {
                return c == '/' || std::isspace(static_cast<unsigned char>(c));
              });
            },
            "expected a name without spaces or '/'");
    o.require("expr", &CompositeRule::expression,
              "expression over point ids (muparser): \"face3.ch4 >= 1.5 && face3.feed >= 0.5\"; "
              "<point>.ok is 1 while its quality is good");
    o.add("point", &CompositeRule::point,
          "point the alarm is reported against (default: the first point in expr)");
    o.add("level", &CompositeRule::level, "level name of the alarm");
    o.add("priority", &CompositeRule::priority, "1 (most urgent) .. 4").between(1, 4);
    o.add("on_delay", &CompositeRule::on_delay, "must stay true this long to trip");
    o.add("off_delay", &CompositeRule::off_delay, "must stay false this long to clear");
    o.add("major_hazard", &CompositeRule::major_hazard, "a major hazard (重大事故隐患)");
    o.add("hazard_category", &CompositeRule::hazard_category, "hazard category");
    o.add("clause", &CompositeRule::clause, "the standard's clause");
    o.add("message", &CompositeRule::message, "one line for people (default: name: expr)");
    return o;
  }();
  return opts;
}

// Place of `key` in `table`, or of the table when the key is absent.
ConfigPlace place_of(const toml::table& table, const config::Context& ctx, const std::string& key) {
  const toml::node* node = table.get(key);
  return {ctx.position_of(node != nullptr ? *node : static_cast<const toml::node&>(table)),
          ctx.key_path(key)};
}

[[noreturn]] void fail_at(const ConfigPlace& place, const std::string& problem) {
  throw config::ConfigError(place.position, place.key, problem);
}

// A profile's thresholds are in its unit: a point reading another unit must give every threshold.
void check_unit(const Profile& profile, const PointInfo& info,
                const std::vector<LimitEntry>& entries, const ConfigPlace& unit_place) {
  if (info.unit.empty() || profile.unit.empty() || info.unit == profile.unit) return;
  std::vector<std::string> missing;
  for (const auto& level : profile.limits) {
    const bool given = std::any_of(entries.begin(), entries.end(), [&](const LimitEntry& e) {
      return e.level == level.level && (e.above || e.below);
    });
    if (!given) missing.push_back(level.level);
  }
  if (missing.empty()) return;
  fail_at(unit_place,
          fmt::format("unit \"{}\" differs from profile \"{}\" ({}), whose thresholds would be "
                      "read in {}; use a profile in {} or give every threshold in limits "
                      "(missing: {})",
                      info.unit, profile.name, profile.unit, info.unit, info.unit,
                      join_names(missing)));
}

void inherit(const Profile& p, PointRules& r) {
  r.limits = p.limits;
  r.rate_max = p.rate_max;
  r.stuck_after = p.stuck_after;
  if (p.fault_after) r.fault_after = *p.fault_after;
  r.major_fault_after = p.major_fault_after;
  r.stale_after = p.stale_after;
  if (p.cut_time) r.cut_time = *p.cut_time;
  if (p.deadband) r.deadband = *p.deadband;
  r.retention = p.retention;
  if (p.fault_clause) r.fault_clause = *p.fault_clause;
  if (p.fault_hazard_category) r.fault_hazard_category = *p.fault_hazard_category;
  if (p.calibration_hazard_category) r.calibration_hazard_category = *p.calibration_hazard_category;
  if (p.cut_clause) r.cut_clause = *p.cut_clause;
  if (p.cut_hazard_category) r.cut_hazard_category = *p.cut_hazard_category;
  if (p.calibration_clause) r.calibration_clause = *p.calibration_clause;
  r.cut_scope = p.cut_scope;
  if (p.max_calibration) r.max_calibration = *p.max_calibration;
  if (p.max_warm_up) r.max_warm_up = *p.max_warm_up;
  r.max_out_of_service = p.max_out_of_service;
  if (p.masked_clause) r.masked_clause = *p.masked_clause;
  if (p.masked_hazard_category) r.masked_hazard_category = *p.masked_hazard_category;
  r.range = p.range;
}

// The column of character `offset` of a one-line string value (the node starts at its quote).
config::SourcePosition position_in_string(const ConfigPlace& place, const std::string& text,
                                          int offset) {
  config::SourcePosition at = place.position;
  if (offset >= 0 && text.find('\n') == std::string::npos && at.line > 0) at.column += 1 + offset;
  return at;
}

}  // namespace

std::optional<Millis> default_stale_after(Millis poll_period) {
  if (poll_period.count() <= 0) return std::nullopt;
  return 2 * poll_period + Millis{1000};
}

namespace {
// The same level, ignoring what ranking and marking assign (a level the point adds can renumber
// the others).
bool same_level(LimitLevel a, LimitLevel b) {
  a.rank = b.rank = 0;
  a.origin = b.origin = LevelOrigin::site;
  return a == b;
}

LevelOrigin origin_of(const LimitLevel& level, const Profile* profile) {
  if (profile == nullptr) return LevelOrigin::site;
  const auto it = std::find_if(profile->limits.begin(), profile->limits.end(),
                               [&](const LimitLevel& p) { return p.level == level.level; });
  if (it == profile->limits.end()) return LevelOrigin::site;
  return same_level(*it, level) ? LevelOrigin::profile : LevelOrigin::overridden;
}
}  // namespace

PointRulesParser::PointRulesParser(const ProfileLibrary& profiles) : profiles_(profiles) {}

const std::set<std::string>& PointRulesParser::keys() const {
  static const std::set<std::string> keys = point_rule_options().keys();
  return keys;
}

PointRules PointRulesParser::parse(const toml::table& table, const config::Context& ctx,
                                   PointInfo& info, Millis poll_period) const {
  std::set<std::string> others;
  for (const auto& [key, node] : table)
    if (!keys().count(std::string(key.str()))) others.insert(std::string(key.str()));
  PointRuleKeys k;
  point_rule_options().parse(table, k, ctx, others);

  PointRules r;
  r.point = info.id;
  r.profile = k.profile;
  const Profile* profile = nullptr;
  if (!k.profile.empty()) {
    profile = profiles_.find(k.profile);
    if (profile == nullptr) {
      const auto close = profiles_.close_names(k.profile);
      fail_at(place_of(table, ctx, "profile"),
              close.empty() ? fmt::format("unknown profile \"{}\"; known profiles: {}", k.profile,
                                          join_names(profiles_.names()))
                            : fmt::format("unknown profile \"{}\"; close names: {}", k.profile,
                                          join_names(close)));
    }
    check_unit(*profile, info, k.limits.entries, place_of(table, ctx, "unit"));
    inherit(*profile, r);
    if (info.quantity.empty()) info.quantity = profile->quantity;
    if (info.unit.empty()) info.unit = profile->unit;
    if (info.name.empty()) info.name = profile->label;
  }

  // A point's clause replaces the profile's for every level (an edition the site follows); a level
  // entry's own clause replaces both.
  if (k.clause)
    for (auto& l : r.limits) l.clause = *k.clause;
  merge_limit_entries(r.limits, k.limits.entries, true,
                      profile != nullptr ? "profile \"" + profile->name + "\"" : "");
  const std::string default_clause = k.clause ? *k.clause : profile ? profile->clause : "";
  for (auto& l : r.limits) {
    if (l.clause.empty()) l.clause = default_clause;
    l.origin = origin_of(l, profile);
  }

  if (k.feed) {
    r.feed_points = k.feed->ids;
    r.feed_places = k.feed->places;
    r.feed_place = place_of(table, ctx, "feed");
    const bool cuts = std::any_of(r.limits.begin(), r.limits.end(),
                                  [](const LimitLevel& l) { return l.cuts_power; });
    if (!cuts) {
      std::vector<std::string> levels;
      for (const auto& l : r.limits) levels.push_back(l.level);
      fail_at(r.feed_place,
              "feed is set but no limit level cuts power; add cuts_power = true to a level "
              "(levels: " +
                  join_names(levels) + ")");
    }
  }
  if (k.cut_time) r.cut_time = *k.cut_time;
  if (k.rate_max) r.rate_max = k.rate_max;
  if (k.stuck_after) r.stuck_after = k.stuck_after;
  if (k.fault_after) r.fault_after = *k.fault_after;
  if (k.major_fault_after) r.major_fault_after = k.major_fault_after;
  if (r.major_fault_after && *r.major_fault_after < r.fault_after)
    fail_at(place_of(table, ctx, k.major_fault_after ? "major_fault_after" : "fault_after"),
            fmt::format("major_fault_after ({}) is shorter than fault_after ({})",
                        format_duration(*r.major_fault_after), format_duration(r.fault_after)));
  if (k.stale_after) r.stale_after = k.stale_after;
  if (!r.stale_after) r.stale_after = default_stale_after(poll_period);
  r.calibration_due = k.calibration_due;
  if (k.deadband) r.deadband = *k.deadband;
  if (k.fault_clause) r.fault_clause = *k.fault_clause;
  if (k.fault_hazard_category) r.fault_hazard_category = *k.fault_hazard_category;
  if (k.calibration_hazard_category) r.calibration_hazard_category = *k.calibration_hazard_category;
  if (k.cut_clause) r.cut_clause = *k.cut_clause;
  if (k.cut_hazard_category) r.cut_hazard_category = *k.cut_hazard_category;
  if (k.calibration_clause) r.calibration_clause = *k.calibration_clause;
  if (k.cut_scope) r.cut_scope = *k.cut_scope;
  if (k.max_calibration) r.max_calibration = *k.max_calibration;
  if (k.max_warm_up) r.max_warm_up = *k.max_warm_up;
  if (k.max_out_of_service) r.max_out_of_service = k.max_out_of_service;
  if (k.masked_clause) r.masked_clause = *k.masked_clause;
  if (k.masked_hazard_category) r.masked_hazard_category = *k.masked_hazard_category;
  if (k.range) r.range = k.range;
  return r;
}

CompositeRule PointRulesParser::parse_composite(const toml::table& table,
                                                const config::Context& ctx) const {
  CompositeRule rule;
  composite_options().parse(table, rule, ctx);
  rule.place = {ctx.position_of(table), ctx.path};
  rule.expression_place = place_of(table, ctx, "expr");
  rule.point_place = place_of(table, ctx, table.get("point") != nullptr ? "point" : "expr");
  // Syntax now, names later (check_references knows every point).
  double scratch = 0;
  try {
    const Expression syntax(rule.expression,
                            [&](const std::string&, std::string&) { return &scratch; });
  } catch (const ExpressionError& e) {
    throw config::ConfigError(
        position_in_string(rule.expression_place, rule.expression, e.position()),
        rule.expression_place.key, std::string("expression: ") + e.what());
  }
  if (rule.point.empty()) {
    const auto names = names_in(rule.expression);
    if (names.empty())
      fail_at(rule.expression_place, "the expression names no point; give `point`");
    rule.point = names.front();
    const std::string ok = ".ok";
    if (rule.point.size() > ok.size() && rule.point.ends_with(ok))
      rule.point.resize(rule.point.size() - ok.size());
  }
  if (rule.message.empty()) rule.message = rule.name + ": " + rule.expression;
  return rule;
}

std::vector<config::OptionDoc> PointRulesParser::docs() const {
  auto docs = point_rule_options().docs();
  for (auto d : limit_entry_options().docs()) {
    d.key = "limits[]." + d.key;
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<config::OptionDoc> PointRulesParser::composite_docs() {
  return composite_options().docs();
}

}  // namespace sw::rules
