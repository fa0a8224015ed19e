#pragma once
// Standard profiles as data (config/profiles/*.toml, compiled into the binary, and extra directories
// a site may add): a point picks an entry by name, e.g. profile = "coal.methane.return_corner", and
// may override any value. Each entry carries the clause of the standard it comes from.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "rules/limit_level.hpp"

namespace sw::rules {

struct Profile {
  std::string name;            // "coal.methane.return_corner"
  std::string description;     // "采煤工作面回风隅角"
  std::string quantity;        // default quantity/unit for points that use it
  std::string unit;
  std::string clause;          // default clause for its levels
  std::vector<LimitLevel> limits;
  std::optional<double> rate_max;
  std::optional<Millis> stuck_after;
  std::optional<Millis> fault_after;
  std::optional<Millis> major_fault_after;
  std::optional<double> deadband;
  std::optional<Millis> retention;   // history retention for points of this profile
};

class ProfileLibrary {
 public:
  // The profiles shipped with sitewatch (config/profiles/*.toml embedded at build time).
  static ProfileLibrary builtin();
  // Adds or replaces profiles from every *.toml in `dir`. Throws config::ConfigError.
  void load_directory(const std::string& dir);
  // Adds or replaces profiles from TOML text (`name` is the file name for error messages).
  void load_text(const std::string& text, const std::string& name);
  const Profile* find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, Profile> profiles_;
};

}  // namespace sw::rules
