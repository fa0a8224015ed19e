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

std::string point_name(const PointInfo& info) {
  return info.name.empty() ? info.id : info.name;
}

std::string reading(const std::string& name, double value, const std::string& unit) {
  std::string out = name + " " + format_number(value);
  if (!unit.empty()) out += " " + unit;
  return out;
}

}  // namespace sw::rules
