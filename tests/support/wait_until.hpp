// SPDX-License-Identifier: Apache-2.0
#pragma once
// Await a condition instead of sleeping: polls `ready` until it holds or `timeout` passes.
#include <chrono>
#include <functional>
#include <thread>

namespace sw::test {

inline bool wait_until(const std::function<bool()>& ready,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10),
                       std::chrono::milliseconds step = std::chrono::milliseconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
  return true;
}

}  // namespace sw::test
