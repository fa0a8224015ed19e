// SPDX-License-Identifier: Apache-2.0
// Message numbers are never given twice for a gateway: not across threads, and not across a kill,
// because each block is reserved in the store before any number of it goes out.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "gateway_store.hpp"
#include "message_seq.hpp"
#include "support/temp_dir.hpp"

using namespace sw;

namespace {
config::StoreSettings settings_in(const sw::test::TempDir& dir) {
  config::StoreSettings s;
  s.path = dir.file("store.db");
  s.min_free = FreeSpace{0, std::nullopt};
  return s;
}
}  // namespace

TEST_CASE("a run killed before it wrote anything does not give its numbers again") {
  sw::test::TempDir dir;
  std::int64_t used = 0;
  {
    // A run takes a few numbers (its birth, its Will) and dies before any commit: nothing
    // but the reservation reached the store.
    GatewayStore store(settings_in(dir));
    MessageSeq seq(store, 10);
    for (int i = 0; i < 3; ++i) used = seq.next();
  }
  GatewayStore store(settings_in(dir));
  MessageSeq seq(store, 10);
  const std::int64_t first = seq.next();
  CHECK(first > used);
  CHECK(first == 11);  // after the reserved block 1..10
}

TEST_CASE("numbers past a block reserve the next one before they go out") {
  sw::test::TempDir dir;
  std::int64_t last = 0;
  {
    GatewayStore store(settings_in(dir));
    MessageSeq seq(store, 4);
    for (int i = 0; i < 9; ++i) last = seq.next();  // blocks 1..4, 5..8, 9..12
    CHECK(last == 9);
    CHECK(seq.last() == 9);
  }
  GatewayStore store(settings_in(dir));
  CHECK(store.last_seq() == 12);
  MessageSeq seq(store, 4);
  CHECK(seq.next() == 13);
}

TEST_CASE("threads taking numbers at once never share one") {
  sw::test::TempDir dir;
  GatewayStore store(settings_in(dir));
  MessageSeq seq(store, 7);
  std::vector<std::vector<std::int64_t>> taken(4);
  std::vector<std::thread> threads;
  for (auto& mine : taken)
    threads.emplace_back([&seq, &mine] {
      for (int i = 0; i < 500; ++i) mine.push_back(seq.next());
    });
  for (auto& t : threads) t.join();
  std::set<std::int64_t> all;
  for (const auto& mine : taken) {
    CHECK(std::is_sorted(mine.begin(), mine.end()));
    all.insert(mine.begin(), mine.end());
  }
  CHECK(all.size() == 2000);
  CHECK(*all.rbegin() == 2000);
  CHECK(store.last_seq() >= 2000);
}
