// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the fuzz targets share: a check that stops the run with a message when a property the code
// promises does not hold (libFuzzer then saves the input), and quiet logging so the fuzzer's
// throughput goes into the code under test, not into spdlog.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

// abort() rather than an exception: a parser that swallows exceptions must not swallow this.
#define FUZZ_CHECK(condition, what)                                                     \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                   #condition, what);                                                   \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace sw::fuzz {

// libFuzzer calls this once before the first input.
inline void quiet_logging() {
  spdlog::set_level(spdlog::level::off);
}

}  // namespace sw::fuzz
