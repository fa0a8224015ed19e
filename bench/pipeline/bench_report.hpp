// SPDX-License-Identifier: Apache-2.0
#pragma once
// How the pipeline benchmarks print a figure: one "result:" line each, which scripts/bench collects
// into its table, after whatever detail the benchmark prints for people.
#include <cstdio>
#include <string>

namespace sw::bench {

inline void report(const std::string& metric, double value, const std::string& unit,
                   const std::string& note = {}) {
  std::printf("result: %s = %.6g %s%s%s\n", metric.c_str(), value, unit.c_str(),
              note.empty() ? "" : "  # ", note.c_str());
  std::fflush(stdout);
}

}  // namespace sw::bench
