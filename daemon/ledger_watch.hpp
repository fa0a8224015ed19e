// SPDX-License-Identifier: Apache-2.0
#pragma once
// Tamper evidence that speaks up (issue 17 §4): the alarm ledger's chain is walked once at start
// and then every [store] verify_interval, on the store's reading connection and a thread of its
// own, so nobody has to run `sitewatchctl verify-ledger` for an edited record to be found. A break
// raises the alarm gateway.ledger/integrity (a major hazard on coal sites: 煤矿重大事故隐患判定标准
// 第十八条(六), 对系统数据进行修改、删除及屏蔽) and sends the ledger_check_failed event; the
// platform also gets the chain's head in every heartbeat (GatewayStore::health), so a chain
// rewritten from the edit on shows there as a head it has not seen. The seals over the 5-minute
// statistics (store/statistics_seals.hpp) are walked on the same beat and speak up the same way
// (gateway.statistics/integrity, statistics_check_failed).
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config/site_config.hpp"
#include "core/clock.hpp"
#include "store/alarm_ledger.hpp"
#include "store/statistics_seals.hpp"

namespace sw {

class GatewayConditions;
class GatewayEvents;

struct LedgerCheck {
  bool done = false;  // false until the first walk ends
  bool intact = true;
  std::int64_t records = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;
  WallTime checked_at{};
  std::uint64_t checks = 0;
};

struct StatisticsCheck {
  bool done = false;  // false until the first walk ends
  bool intact = true;
  std::int64_t windows = 0;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_bad_window_ms;
  std::string problem;
  WallTime checked_at{};
};

class LedgerWatch {
 public:
  using Verify = std::function<store::LedgerVerdict()>;
  using VerifyStatistics = std::function<store::StatisticsVerdict()>;
  // `interval` 0: only the walk at start. `verify_statistics` may be empty (nothing sealed).
  LedgerWatch(Verify verify, Millis interval, const config::SiteSection& site,
              GatewayConditions& conditions, GatewayEvents& events,
              VerifyStatistics verify_statistics = {});
  ~LedgerWatch();
  LedgerWatch(const LedgerWatch&) = delete;
  LedgerWatch& operator=(const LedgerWatch&) = delete;

  void start();
  void stop();
  // Walks the chain now, on the calling thread (tests; the console's verify-ledger has its own).
  LedgerCheck check_now();
  LedgerCheck last() const;
  // The same for the statistics' seals (a slice of their contents each time).
  StatisticsCheck check_statistics_now();
  StatisticsCheck last_statistics() const;

 private:
  void run();
  void report(const LedgerCheck& before, const LedgerCheck& now);
  void report(const StatisticsCheck& before, const StatisticsCheck& now);

  Verify verify_;
  VerifyStatistics verify_statistics_;
  const Millis interval_;
  const config::SiteType site_type_;
  GatewayConditions& conditions_;
  GatewayEvents& events_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  LedgerCheck last_;
  StatisticsCheck last_statistics_;
  std::thread thread_;
};

}  // namespace sw
