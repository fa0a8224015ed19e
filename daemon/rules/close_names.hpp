// SPDX-License-Identifier: Apache-2.0
#pragma once
// Suggestions for a name that was not found: "unknown profile "coal.methane.workingface"; close
// names: coal.methane.working_face, ...".
#include <cstddef>
#include <string>
#include <vector>

namespace sw::rules {

// Candidates a few edits away from `name` (a typo) or in the same dotted family ("coal.methane.*"
// for "coal.methane.x"), closest first, at most `limit`.
std::vector<std::string> close_names(const std::string& name,
                                     const std::vector<std::string>& candidates,
                                     std::size_t limit = 5);

// Edits (insert, delete, substitute) turning a into b.
std::size_t edit_distance(const std::string& a, const std::string& b);

// "a, b, c" — or `none` when empty.
std::string join_names(const std::vector<std::string>& names, const std::string& none = "none");

}  // namespace sw::rules
