#pragma once
// The one-line messages conditions carry for people: "甲烷 1.62 %CH4 ≥ 断电值 1.50".
#include <string>

#include "core/point.hpp"

namespace sw::rules {

// "1.62"; "—" for a value that is not a number (a failed read).
std::string format_number(double value);
// The point as people call it: its name, else its id.
std::string point_name(const PointInfo& info);
// "甲烷 1.62 %CH4" (the unit left out when empty).
std::string reading(const std::string& name, double value, const std::string& unit);

}  // namespace sw::rules
