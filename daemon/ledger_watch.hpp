// SPDX-License-Identifier: Apache-2.0
#pragma once
// Tamper evidence that speaks up (issue 17 §4): the alarm ledger's chain is walked once at start
// and then every [store] verify_interval, on the store's reading connection and a thread of its
// own, so nobody has to run `sitewatchctl verify-ledger` for an edited record to be found. A break
// raises the alarm gateway.ledger/integrity (a major hazard on coal sites: 煤矿重大事故隐患判定标准
// 第十八条(六), 对系统数据进行修改、删除及屏蔽) and sends the ledger_check_failed event; the
// platform also gets the chain's head in every heartbeat (GatewayStore::health), so a chain
// rewritten from the edit on shows there as a head it has not seen.
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

class LedgerWatch {
 public:
  using Verify = std::function<store::LedgerVerdict()>;
  // `interval` 0: only the walk at start.
  LedgerWatch(Verify verify, Millis interval, const config::SiteSection& site,
              GatewayConditions& conditions, GatewayEvents& events);
  ~LedgerWatch();
  LedgerWatch(const LedgerWatch&) = delete;
  LedgerWatch& operator=(const LedgerWatch&) = delete;

  void start();
  void stop();
  // Walks the chain now, on the calling thread (tests; the console's verify-ledger has its own).
  LedgerCheck check_now();
  LedgerCheck last() const;

 private:
  void run();
  void report(const LedgerCheck& before, const LedgerCheck& now);

  Verify verify_;
  const Millis interval_;
  const config::SiteType site_type_;
  GatewayConditions& conditions_;
  GatewayEvents& events_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  LedgerCheck last_;
  std::thread thread_;
};

}  // namespace sw
