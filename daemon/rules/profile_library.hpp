// SPDX-License-Identifier: Apache-2.0
#pragma once
// Standard profiles as data (config/profiles/*.toml, compiled into the binary, and extra
// directories a site may add): a point picks an entry by name, e.g. profile =
// "coal.methane.return_corner", and may override any value. Each entry carries the clause of the
// standard it comes from.
//
// A profile file is TOML; every table holding values is a profile named by its dotted path:
//   [coal.methane.return_corner]
//   description = "采煤工作面回风隅角"
//   label = "甲烷"  quantity = "methane"  unit = "%CH4"  clause = "煤矿安全规程 第498条"
//   limits = [{ level = "alarm", above = 1.0, restore = 1.0, priority = 2 }, ...]
// Keys: profile_options() (docs via profile_docs()).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "options/options.hpp"
#include "rules/limit_level.hpp"
#include "rules/measuring_range.hpp"

namespace sw::rules {

struct Profile {
  std::string name;         // "coal.methane.return_corner"
  std::string description;  // "采煤工作面回风隅角"
  std::string label;        // what is measured, for people and messages: "甲烷"
  std::string quantity;     // default quantity/unit for points that use it
  std::string unit;
  std::string clause;     // default clause for its levels (already applied to `limits`)
  std::string cut_scope;  // what a cuts_power level switches off (第498条 断电范围), for people
  std::vector<LimitLevel> limits;  // ranked, least severe first
  std::optional<double> rate_max;
  std::optional<Millis> stuck_after;
  std::optional<Millis> fault_after;
  std::optional<Millis> major_fault_after;
  std::optional<Millis> stale_after;
  std::optional<Millis> cut_time;
  std::optional<double> deadband;
  std::optional<Millis> retention;  // history retention for points of this profile
  std::optional<std::string> fault_clause;
  std::optional<std::string> fault_hazard_category;
  std::optional<std::string> calibration_hazard_category;
  std::optional<std::string> cut_clause;
  std::optional<std::string> cut_hazard_category;
  std::optional<std::string> calibration_clause;
  std::optional<Millis> max_calibration;
  std::optional<Millis> max_warm_up;
  std::optional<Millis> max_out_of_service;
  std::optional<std::string> masked_clause;
  std::optional<std::string> masked_hazard_category;
  std::optional<MeasuringRange> range;  // the sensor's measuring range
  std::string source;                   // "coal.toml" / a file path: where it was defined
};

class ProfileLibrary {
 public:
  // The profiles shipped with sitewatch (config/profiles/*.toml embedded at build time).
  static ProfileLibrary builtin();
  // Adds or replaces profiles from every *.toml in `dir` (in name order). Throws
  // config::ConfigError.
  void load_directory(const std::string& dir);
  // Adds or replaces profiles from TOML text (`name` is the file name for error messages).
  void load_text(const std::string& text, const std::string& name);
  const Profile* find(const std::string& name) const;
  std::vector<std::string> names() const;
  // Known names close to `name` (a typo, or the same family), best first, at most `limit`.
  std::vector<std::string> close_names(const std::string& name, std::size_t limit = 5) const;

 private:
  std::map<std::string, Profile> profiles_;
};

// The keys of one profile table, for the README.
std::vector<config::OptionDoc> profile_docs();

}  // namespace sw::rules
