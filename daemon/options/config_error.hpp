// SPDX-License-Identifier: Apache-2.0
#pragma once
// A config problem, always with its place: "site.toml:12:5: mqtt.port: expected an
// integer 1..65535".
#include <stdexcept>
#include <string>

namespace toml {
inline namespace v3 {
class node;
}
}  // namespace toml

namespace sw::config {

// sysexits.h EX_CONFIG: the daemon exits with it on a bad config, and systemd does not restart it.
inline constexpr int kExitBadConfig = 78;

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourcePosition where, std::string key, std::string problem);
  const SourcePosition& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  SourcePosition where_;
  std::string key_;
  std::string problem_;
};

}  // namespace sw::config
