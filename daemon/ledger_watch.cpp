// SPDX-License-Identifier: Apache-2.0
#include "ledger_watch.hpp"

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"

namespace sw {

namespace {
constexpr const char* kSource = "gateway/ledger";
constexpr const char* kPoint = "gateway.ledger";
// 第十八条(六) names tampering with the monitoring system's data (item B, DOMAIN.md §1).
constexpr const char* kCoalClause =
    "煤矿重大事故隐患判定标准 第十八条(六) 对系统数据进行修改、删除及屏蔽";
}  // namespace

LedgerWatch::LedgerWatch(Verify verify, Millis interval, const config::SiteSection& site,
                         GatewayConditions& conditions, GatewayEvents& events)
    : verify_(std::move(verify)),
      interval_(interval),
      site_type_(site.site_type),
      conditions_(conditions),
      events_(events) {}

LedgerWatch::~LedgerWatch() {
  stop();
}

void LedgerWatch::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void LedgerWatch::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

LedgerCheck LedgerWatch::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

LedgerCheck LedgerWatch::check_now() {
  LedgerCheck now;
  try {
    const store::LedgerVerdict v = verify_();
    now.intact = v.intact;
    now.records = v.records;
    now.first_bad_seq = v.first_bad_seq;
    now.problem = v.problem;
  } catch (const std::exception& e) {
    // A store that cannot be read is the storage fault's to report; the chain is not judged.
    spdlog::warn("[ledger] cannot walk the chain: {}", e.what());
    return last();
  }
  now.done = true;
  now.checked_at = WallClock::now();
  LedgerCheck before;
  {
    std::lock_guard lock(mutex_);
    before = last_;
    now.checks = before.checks + 1;
    last_ = now;
  }
  report(before, now);
  return now;
}

void LedgerWatch::report(const LedgerCheck& before, const LedgerCheck& now) {
  const bool was_broken = before.done && !before.intact;
  if (now.intact) {
    if (was_broken)
      spdlog::warn("[ledger] the chain is intact again ({} records)", now.records);
    else
      spdlog::info("[ledger] chain intact: {} records", now.records);
  } else {
    spdlog::error("[ledger] the alarm ledger's chain is broken: {}", now.problem);
  }
  // Told once per break (and again if the damage moves), not at every walk.
  const bool changed = now.intact ? was_broken : (!was_broken || before.problem != now.problem);
  if (!changed) return;
  if (!now.intact) {
    nlohmann::json detail{{"records", now.records}, {"problem", now.problem}};
    if (now.first_bad_seq) detail["first_bad_seq"] = *now.first_bad_seq;
    events_.post({"ledger_check_failed",
                  "the daemon's own check found the alarm ledger's chain broken: " + now.problem,
                  std::move(detail), now.checked_at});
  }
  rules::Condition c;
  c.source = kSource;
  c.rule = "ledger_integrity";
  c.point = kPoint;
  c.active = !now.intact;
  c.level = "tampered";
  c.rank = 1;
  c.priority = 1;
  c.value = now.first_bad_seq ? static_cast<double>(*now.first_bad_seq) : 0.0;
  c.time = now.checked_at;
  if (site_type_ == config::SiteType::coal_mine) {
    c.major_hazard = true;
    c.hazard_category = "其他重大事故隐患";
    c.clause = kCoalClause;
  }
  // The text for people says where; the English problem goes out in the event's detail.
  c.message = now.intact ? "报警记录哈希链校验恢复完整"
              : now.first_bad_seq
                  ? "报警记录哈希链被破坏：第 " + std::to_string(*now.first_bad_seq) +
                        " 条起的记录被修改、删除或插入"
                  : std::string("报警记录哈希链被破坏：防篡改保护被移除");
  conditions_.set(std::move(c));
}

void LedgerWatch::run() {
  name_this_thread("sw-ledger");
  check_now();
  for (;;) {
    std::unique_lock lock(mutex_);
    if (interval_.count() <= 0) {
      wake_.wait(lock, [this] { return stopping_; });
      return;
    }
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    lock.unlock();
    check_now();
  }
}

}  // namespace sw
