// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one-line messages conditions carry for people: "甲烷 1.62 %CH4 ≥ 断电值 1.50".
#include <string>
#include <string_view>

namespace sw::rules {

// "1.62"; "—" for a value that is not a number (a failed read).
std::string format_number(double value);
// "甲烷 1.62 %CH4" (the unit left out when empty).
std::string reading(std::string_view name, double value, std::string_view unit);

}  // namespace sw::rules
