// SPDX-License-Identifier: Apache-2.0
// Issue 19, item 4: a few bytes of command must not buy hundreds of megabytes. The attack was 30
// resends of ~110 bytes in 12 s, ~10 MB each; here each is asked of the governor.
#include <catch2/catch.hpp>

#include "uplink/resend_governor.hpp"

using namespace sw;
using namespace sw::uplink;
using namespace std::chrono_literals;

namespace {

WallTime at(std::int64_t minute) {
  return from_epoch_ms(1'764'982'800'000 + minute * 60'000);
}

std::vector<TimeRange> parts(const std::variant<std::vector<TimeRange>, std::string>& v) {
  const auto* p = std::get_if<std::vector<TimeRange>>(&v);
  INFO((p == nullptr ? std::get<std::string>(v) : std::string("admitted")));
  REQUIRE(p != nullptr);
  return *p;
}

std::string refusal(const std::variant<std::vector<TimeRange>, std::string>& v) {
  const auto* r = std::get_if<std::string>(&v);
  return r == nullptr ? std::string() : *r;
}

}  // namespace

TEST_CASE("thirty resends in twelve seconds: two run (one every 10 s), the rest are refused") {
  ResendGovernor g(ResendPolicy{});
  SteadyTime now{};
  int admitted = 0;
  for (int i = 0; i < 30; ++i, now += 400ms) {
    auto decision = g.admit(at(0), at(60), now);
    if (refusal(decision).empty()) {
      ++admitted;
      g.finish(parts(decision), 10 << 20, now + 300ms);
    } else {
      CHECK_THAT(refusal(decision), Catch::Contains("at most one resend every 10s"));
    }
  }
  CHECK(admitted == 2);  // at 0 s and 10 s: ~20 MB instead of ~300 MB
}

TEST_CASE("one at a time: a resend asked while one runs is refused") {
  ResendGovernor g(ResendPolicy{});
  SteadyTime now{};
  REQUIRE(refusal(g.admit(at(0), at(10), now)).empty());
  CHECK(refusal(g.admit(at(20), at(30), now + 20s)) == "a resend is running; one at a time");
}

TEST_CASE("the byte budget per hour refuses once spent, until the oldest leaves the hour") {
  ResendPolicy policy;
  policy.budget_bytes = 30 << 20;
  ResendGovernor g(policy);
  SteadyTime now{};
  for (int i = 0; i < 3; ++i, now += 11s) {
    auto d = g.admit(at(i * 100), at(i * 100 + 60), now);
    REQUIRE(refusal(d).empty());
    g.finish(parts(d), 10 << 20, now);
  }
  CHECK_THAT(refusal(g.admit(at(500), at(560), now)),
             Catch::StartsWith("the resend budget is spent: 30MB resent in the last 1h"));
  now += 1h;
  CHECK(refusal(g.admit(at(500), at(560), now)).empty());
}

TEST_CASE("overlapping requests merge: what was resent within the hour is not sent again") {
  ResendGovernor g(ResendPolicy{});
  SteadyTime now{};
  auto first = parts(g.admit(at(0), at(60), now));
  REQUIRE(first.size() == 1);
  g.finish(first, 1000, now);
  now += 11s;
  // 30..90 overlaps 0..60: only the part after 60 goes.
  const auto second = parts(g.admit(at(30), at(90), now));
  REQUIRE(second.size() == 1);
  CHECK(second[0].from == at(60) + 1ms);
  CHECK(second[0].to == at(90));
  g.finish(second, 1000, now);
  now += 11s;
  CHECK(parts(g.admit(at(10), at(80), now)).empty());  // all of it went already
}

TEST_CASE("subtracting sent ranges leaves the gaps, in order") {
  const auto gaps = subtract_ranges({at(0), at(100)}, {{at(70), at(80)}, {at(10), at(20)}});
  REQUIRE(gaps.size() == 3);
  CHECK(gaps[0] == TimeRange{at(0), at(10) - 1ms});
  CHECK(gaps[1] == TimeRange{at(20) + 1ms, at(70) - 1ms});
  CHECK(gaps[2] == TimeRange{at(80) + 1ms, at(100)});
  CHECK(subtract_ranges({at(0), at(10)}, {}) == std::vector<TimeRange>{{at(0), at(10)}});
}
