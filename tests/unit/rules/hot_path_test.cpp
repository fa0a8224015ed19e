// on_sample is the hot path (well over 100,000 samples/s): in steady state it must not allocate.
// This binary counts every allocation through a replaced global operator new.
#include <atomic>
#include <cstdlib>
#include <new>

#include "rules_fixtures.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// The replacements below pair malloc with free; GCC, seeing a `new` inlined against this `delete`,
// would otherwise flag the pair as mismatched.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Every replaceable form that pairs with the ones below (the nothrow forms too: the standard
// library's temporary buffers use them), so a sanitizer sees malloc paired with free throughout.
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace sw::rules::test {

TEST_CASE("in steady state on_sample does not allocate, with limits, feed, rate, stuck and rules") {
  PointRules ch4 = return_corner("face3.ch4");
  ch4.feed_point = "face3.feed";
  ch4.rate_max = 100;
  ch4.stuck_after = 1h;
  ch4.major_fault_after = 1h;
  CompositeRule rule;
  rule.name = "ch4_power_on";
  rule.expression = "face3.ch4 >= 1.5 && face3.feed >= 0.5 && face3.ch4.ok";
  rule.point = "face3.ch4";
  Engine e({point("face3.ch4", "甲烷", "%CH4", 1s), point("face3.feed", "", "", 1s)}, {ch4},
           {rule});
  e.out.reserve(64);
  Sample ch4_sample;
  ch4_sample.point = "face3.ch4";
  Sample feed_sample;
  feed_sample.point = "face3.feed";
  feed_sample.value = 1;
  auto feed = [&](int i) {
    ch4_sample.value = 0.3 + 0.01 * (i % 7);
    ch4_sample.time = wall(i);
    feed_sample.time = wall(i);
    e.engine.on_sample(ch4_sample, steady(i), e.out);
    e.engine.on_sample(feed_sample, steady(i), e.out);
  };
  e.tick(0);
  for (int i = 0; i < 10; ++i) feed(i);  // first reports
  e.out.clear();
  const long before = g_allocations.load();
  for (int i = 10; i < 10'010; ++i) feed(i);
  CHECK(g_allocations.load() - before == 0);
  CHECK(e.out.empty());
}

}  // namespace sw::rules::test
