// SPDX-License-Identifier: Apache-2.0
#include <pthread.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "core/thread_name.hpp"

using namespace sw;

namespace {
std::string name_given(const std::string& wanted) {
  std::string got;
  std::thread t([&] {
    name_this_thread(wanted);
    char buf[32] = {};
    pthread_getname_np(pthread_self(), buf, sizeof buf);
    got = buf;
  });
  t.join();
  return got;
}
}  // namespace

TEST_CASE("a thread is named as top -H shows it, a long name cut to Linux's 15 bytes") {
  CHECK(name_given("sw-rules") == "sw-rules");
  CHECK(name_given("poll:ring-network-east") == "poll:ring-netwo");
}
