// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "uplink/reconnect_backoff.hpp"

using namespace sw;
using namespace sw::uplink;

TEST_CASE("reconnect waits grow from min, stay within [min, max] and spread out", "[backoff]") {
  ReconnectBackoff b(Millis{1000}, Millis{60'000}, 7);
  std::vector<Millis> waits;
  for (int i = 0; i < 12; ++i) waits.push_back(b.next());
  for (const auto w : waits) {
    CHECK(w >= Millis{1000});
    CHECK(w <= Millis{60'000});
  }
  CHECK(waits[0] <= Millis{2000});
  CHECK(waits[3] >= Millis{8000});  // ceiling 16 s, drawn from its upper half
  CHECK(waits[11] >= Millis{30'000});
  CHECK(b.failures() == 12);
  b.reset();
  CHECK(b.next() <= Millis{2000});

  // Two gateways failing together do not retry in lockstep.
  ReconnectBackoff a1(Millis{1000}, Millis{60'000}, 1), a2(Millis{1000}, Millis{60'000}, 2);
  int same = 0;
  for (int i = 0; i < 10; ++i) same += a1.next() == a2.next() ? 1 : 0;
  CHECK(same < 3);
}

TEST_CASE("a backoff whose min equals max waits exactly that", "[backoff]") {
  ReconnectBackoff b(Millis{500}, Millis{500}, 1);
  for (int i = 0; i < 5; ++i) CHECK(b.next() == Millis{500});
}
