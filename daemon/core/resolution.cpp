// SPDX-License-Identifier: Apache-2.0
#include "core/resolution.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sw {

namespace {
constexpr std::array<double, 23> kPowersOfTen{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
}  // namespace

double round_decimals(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  decimals = std::clamp(decimals, 0, 15);
  // k / 10^d with both exact is correctly rounded: the double nearest the decimal k·10^-d.
  const double p = kPowersOfTen[static_cast<std::size_t>(decimals)];
  const double scaled = value * p;
  if (std::fabs(scaled) >= 9e15) return value;  // already beyond that resolution
  const double out = std::round(scaled) / p;
  return out == 0 ? 0.0 : out;  // never "-0"
}

double round_significant(double value, int digits) {
  if (!std::isfinite(value) || value == 0) return value;
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = digits - 1 - magnitude;
  if (decimals >= 0 && decimals <= 15) return round_decimals(value, decimals);
  if (decimals > 15) return value;  // tiny values: nothing to gain
  const double p = kPowersOfTen[static_cast<std::size_t>(std::min(-decimals, 22))];
  return std::round(value / p) * p;
}

int decimals_of(double step) {
  step = std::fabs(step);
  for (int d = 0; d < 10; ++d) {
    const double scaled = step * kPowersOfTen[static_cast<std::size_t>(d)];
    if (std::fabs(scaled - std::round(scaled)) <= 1e-9 * std::max(1.0, scaled)) return d;
  }
  return 10;
}

}  // namespace sw
