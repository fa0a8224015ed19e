// SPDX-License-Identifier: Apache-2.0
#pragma once
// The error a config text is refused with ("no error" when it loads), for the config tests.
#include <string>

#include "config/site_config.hpp"
#include "options/config_error.hpp"

namespace sw::config::test {

inline std::string error_of(const std::string& text) {
  try {
    parse_site_config(text, "site.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace sw::config::test
