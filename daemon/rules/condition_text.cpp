// SPDX-License-Identifier: Apache-2.0
#include "rules/condition_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace sw::rules {

std::string format_number(double value) {
  if (!std::isfinite(value)) return "—";
  // Two decimals read well for %CH4, %LEL, m/s and ppm; tiny values keep their significant digits.
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && magnitude < 0.01) return fmt::format("{:.3g}", value);
  return fmt::format("{:.2f}", value);
}

std::string reading(std::string_view name, double value, std::string_view unit) {
  std::string out(name);
  out += ' ';
  out += format_number(value);
  if (!unit.empty()) out.append(1, ' ').append(unit);
  return out;
}

}  // namespace sw::rules
