// SPDX-License-Identifier: Apache-2.0
#pragma once
// Counts heap allocations made by one thread, through replaced global operator new/delete. Include
// it in exactly one file of a binary (it defines the replacements). What another thread allocates
// (a server the test runs, a logger) is not counted.
//
//   sw::test::AllocationCount count;   // starts counting on this thread
//   ... the hot path ...
//   CHECK(count.allocations() == 0);
#include <cstdlib>
#include <new>

namespace sw::test {

inline thread_local bool t_counting_allocations = false;
inline thread_local long t_allocations = 0;

class AllocationCount {
 public:
  AllocationCount() : start_(t_allocations) { t_counting_allocations = true; }
  ~AllocationCount() { t_counting_allocations = false; }
  AllocationCount(const AllocationCount&) = delete;
  AllocationCount& operator=(const AllocationCount&) = delete;
  long allocations() const { return t_allocations - start_; }

 private:
  long start_;
};

}  // namespace sw::test

// The replacements pair malloc with free; GCC, seeing a `new` inlined against this `delete`,
// would otherwise flag the pair as mismatched. Every replaceable form that pairs with the ones
// below (the nothrow forms too: the standard library's temporary buffers use them), so a
// sanitizer sees malloc paired with free throughout.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  if (sw::test::t_counting_allocations) ++sw::test::t_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (sw::test::t_counting_allocations) ++sw::test::t_allocations;
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
