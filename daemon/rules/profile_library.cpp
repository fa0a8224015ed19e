// SPDX-License-Identifier: Apache-2.0
#include "rules/profile_library.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/builtin_profile_texts.hpp"
#include "rules/close_names.hpp"
#include "rules/limit_entry.hpp"
#include "rules/rule_setting_keys.hpp"

namespace sw::rules {

namespace {

// What a profile table may hold, as written (Profile is what it resolves to).
struct ProfileKeys : RuleSettingKeys {
  std::string description;
  std::string label;
  std::string quantity;
  std::string unit;
  std::string clause;
  std::string cut_scope;
  LimitEntries limits;
  std::optional<Millis> retention;
};

const config::Options<ProfileKeys>& profile_options() {
  static const auto opts = [] {
    config::Options<ProfileKeys> o("profile");
    o.add("description", &ProfileKeys::description,
          "where or what it applies to: \"采煤工作面回风隅角\"");
    o.add("label", &ProfileKeys::label,
          "what is measured, for people: \"甲烷\" (a point without a name gets it)");
    o.add("quantity", &ProfileKeys::quantity, "quantity of points that use it: \"methane\"");
    o.add(
        "unit", &ProfileKeys::unit,
        "unit of its thresholds: \"%CH4\" (a point in another unit must give its own thresholds)");
    o.add("clause", &ProfileKeys::clause, "the standard's clause, for levels that name none");
    o.add("cut_scope", &ProfileKeys::cut_scope, "what a power-cut level switches off (断电范围)");
    o.add("limits", &ProfileKeys::limits, "the limit levels (see limits[] keys)");
    declare_rule_setting_keys(o);
    o.add("retention", &ProfileKeys::retention, "how long the point's history is kept");
    return o;
  }();
  return opts;
}

Profile resolve(const std::string& name, ProfileKeys&& k, const std::string& source) {
  Profile p;
  p.name = name;
  p.description = std::move(k.description);
  p.label = std::move(k.label);
  p.quantity = std::move(k.quantity);
  p.unit = std::move(k.unit);
  p.clause = std::move(k.clause);
  p.cut_scope = std::move(k.cut_scope);
  merge_limit_entries(p.limits, k.limits.entries, false, "");
  for (auto& l : p.limits)
    if (l.clause.empty()) l.clause = p.clause;
  p.rate_max = k.rate_max;
  p.stuck_after = k.stuck_after;
  p.fault_after = k.fault_after;
  p.major_fault_after = k.major_fault_after;
  p.stale_after = k.stale_after;
  p.cut_time = k.cut_time;
  p.deadband = k.deadband;
  p.retention = k.retention;
  p.fault_clause = std::move(k.fault_clause);
  p.fault_hazard_category = std::move(k.fault_hazard_category);
  p.calibration_hazard_category = std::move(k.calibration_hazard_category);
  p.cut_clause = std::move(k.cut_clause);
  p.cut_hazard_category = std::move(k.cut_hazard_category);
  p.calibration_clause = std::move(k.calibration_clause);
  p.max_calibration = k.max_calibration;
  p.max_warm_up = k.max_warm_up;
  p.max_out_of_service = k.max_out_of_service;
  p.masked_clause = std::move(k.masked_clause);
  p.masked_hazard_category = std::move(k.masked_hazard_category);
  p.range = k.range;
  p.source = source;
  return p;
}

// Every table holding values is a profile named by its dotted path; tables holding only tables
// are families ("coal", "coal.methane").
void collect(const toml::table& table, const std::string& name, const config::Context& ctx,
             const std::string& source, std::map<std::string, Profile>& out) {
  bool has_values = false;
  std::set<std::string> children;
  for (const auto& [key, node] : table) {
    if (node.is_table())
      children.insert(std::string(key.str()));
    else
      has_values = true;
  }
  if (has_values) {
    ProfileKeys keys;
    profile_options().parse(table, keys, ctx, children);
    out[name] = resolve(name, std::move(keys), source);
  }
  for (const auto& child : children) {
    const std::string child_name = name.empty() ? child : name + "." + child;
    collect(*table.get(child)->as_table(), child_name, ctx.child(child), source, out);
  }
}

}  // namespace

ProfileLibrary ProfileLibrary::builtin() {
  static const ProfileLibrary library = [] {
    ProfileLibrary lib;
    for (const auto& text : builtin_profile_texts())
      lib.load_text(std::string(text.text), std::string(text.file));
    return lib;
  }();
  return library;
}

void ProfileLibrary::load_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".toml" && it->is_regular_file()) files.push_back(it->path());
  if (ec)
    throw config::ConfigError({dir, 0, 0}, "",
                              "cannot read the profile directory: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw config::ConfigError({file.string(), 0, 0}, "", "cannot read the profile file");
    std::stringstream text;
    text << in.rdbuf();
    load_text(text.str(), file.string());
  }
}

void ProfileLibrary::load_text(const std::string& text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw config::ConfigError(
        {name, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)}, "",
        "TOML syntax: " + std::string(e.description()));
  }
  // Parse the whole file before adding any of it: a bad file changes nothing.
  std::map<std::string, Profile> parsed;
  collect(root, "", config::Context{name, ""}, name, parsed);
  for (auto& [profile_name, profile] : parsed) profiles_[profile_name] = std::move(profile);
}

const Profile* ProfileLibrary::find(const std::string& name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProfileLibrary::names() const {
  std::vector<std::string> out;
  out.reserve(profiles_.size());
  for (const auto& [name, profile] : profiles_) out.push_back(name);
  return out;
}

std::vector<std::string> ProfileLibrary::close_names(const std::string& name,
                                                     std::size_t limit) const {
  return rules::close_names(name, names(), limit);
}

std::vector<config::OptionDoc> profile_docs() {
  auto docs = profile_options().docs();
  for (auto d : limit_entry_options().docs()) {
    d.key = "limits[]." + d.key;
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace sw::rules
