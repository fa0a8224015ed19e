// SPDX-License-Identifier: Apache-2.0
#include "options/config_error.hpp"

#include <fmt/format.h>

namespace sw::config {

namespace {
std::string describe(const SourcePosition& where, const std::string& key,
                     const std::string& problem) {
  std::string out = fmt::format("{}:{}:{}: ", where.file, where.line, where.column);
  if (!key.empty()) out += key + ": ";
  return out + problem;
}
}  // namespace

ConfigError::ConfigError(SourcePosition where, std::string key, std::string problem)
    : std::runtime_error(describe(where, key, problem)),
      where_(std::move(where)),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

}  // namespace sw::config
