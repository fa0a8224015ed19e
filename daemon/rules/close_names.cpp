// SPDX-License-Identifier: Apache-2.0
#include "rules/close_names.hpp"

#include <algorithm>
#include <utility>

namespace sw::rules {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

namespace {
std::string family_of(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(0, dot);
}
}  // namespace

std::vector<std::string> close_names(const std::string& name,
                                     const std::vector<std::string>& candidates,
                                     std::size_t limit) {
  const std::size_t typo = std::max<std::size_t>(2, name.size() / 4);
  const std::string family = family_of(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(name, candidate);
    const bool same_family = !family.empty() && family_of(candidate) == family;
    if (d <= typo || same_family) scored.emplace_back(d, candidate);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, candidate] : scored) {
    if (out.size() == limit) break;
    out.push_back(std::move(candidate));
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names, const std::string& none) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? none : out;
}

}  // namespace sw::rules
