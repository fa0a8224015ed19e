// SPDX-License-Identifier: Apache-2.0
#include "ledger_watch.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "core/thread_name.hpp"
#include "gateway_conditions.hpp"
#include "gateway_events.hpp"

namespace sw {

namespace {
constexpr const char* kSource = "gateway/ledger";
constexpr const char* kPoint = "gateway.ledger";
constexpr const char* kStatisticsSource = "gateway/statistics";
constexpr const char* kStatisticsPoint = "gateway.statistics";
// 第十八条(六) names tampering with the monitoring system's data (item B, DOMAIN.md §1).
constexpr const char* kCoalClause =
    "煤矿重大事故隐患判定标准 第十八条(六) 对系统数据进行修改、删除及屏蔽";

// Tampering with the monitoring data, of the alarm ledger or the statistics: the same alarm shape.
rules::Condition tamper_condition(const char* source, const char* rule, const char* point,
                                  bool intact, WallTime at, config::SiteType site_type) {
  rules::Condition c;
  c.source = source;
  c.rule = rule;
  c.point = point;
  c.active = !intact;
  c.level = "tampered";
  c.rank = 1;
  c.priority = 1;
  c.time = at;
  if (site_type == config::SiteType::coal_mine) {
    c.major_hazard = true;
    c.hazard_category = "其他重大事故隐患";
    c.clause = kCoalClause;
  }
  return c;
}
}  // namespace

LedgerWatch::LedgerWatch(Verify verify, Millis interval, const config::SiteSection& site,
                         GatewayConditions& conditions, GatewayEvents& events,
                         VerifyStatistics verify_statistics)
    : verify_(std::move(verify)),
      verify_statistics_(std::move(verify_statistics)),
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
  rules::Condition c =
      tamper_condition(kSource, "ledger_integrity", kPoint, now.intact, now.checked_at, site_type_);
  c.value = now.first_bad_seq ? static_cast<double>(*now.first_bad_seq) : 0.0;
  // The text for people says where; the English problem goes out in the event's detail.
  c.message = now.intact ? "报警记录哈希链校验恢复完整"
              : now.first_bad_seq
                  ? "报警记录哈希链被破坏：第 " + std::to_string(*now.first_bad_seq) +
                        " 条起的记录被修改、删除或插入"
                  : std::string("报警记录哈希链被破坏：防篡改保护被移除");
  conditions_.set(std::move(c));
}

StatisticsCheck LedgerWatch::last_statistics() const {
  std::lock_guard lock(mutex_);
  return last_statistics_;
}

StatisticsCheck LedgerWatch::check_statistics_now() {
  if (!verify_statistics_) return last_statistics();
  StatisticsCheck now;
  try {
    const store::StatisticsVerdict v = verify_statistics_();
    now.intact = v.intact;
    now.windows = v.windows;
    now.rows_checked = v.rows_checked;
    now.first_bad_window_ms = v.first_bad_window_ms;
    now.problem = v.problem;
  } catch (const std::exception& e) {
    spdlog::warn("[ledger] cannot walk the statistics' seals: {}", e.what());
    return last_statistics();
  }
  now.done = true;
  now.checked_at = WallClock::now();
  StatisticsCheck before;
  {
    std::lock_guard lock(mutex_);
    before = std::exchange(last_statistics_, now);
  }
  report(before, now);
  return now;
}

void LedgerWatch::report(const StatisticsCheck& before, const StatisticsCheck& now) {
  const bool was_broken = before.done && !before.intact;
  if (now.intact) {
    if (was_broken)
      spdlog::warn("[ledger] the statistics' seals are intact again ({} windows)", now.windows);
    else
      spdlog::info("[ledger] statistics seals intact: {} windows, {} rows re-read", now.windows,
                   now.rows_checked);
  } else {
    spdlog::error("[ledger] the 5-minute statistics were tampered with: {}", now.problem);
  }
  const bool changed = now.intact ? was_broken : (!was_broken || before.problem != now.problem);
  if (!changed) return;
  if (!now.intact) {
    nlohmann::json detail{
        {"windows", now.windows}, {"first_bad_window", nullptr}, {"problem", now.problem}};
    if (now.first_bad_window_ms)
      detail["first_bad_window"] = format_iso8601(from_epoch_ms(*now.first_bad_window_ms));
    events_.post({"statistics_check_failed",
                  "the daemon's own check found the 5-minute statistics changed: " + now.problem,
                  std::move(detail), now.checked_at});
  }
  rules::Condition c = tamper_condition(kStatisticsSource, "statistics_integrity", kStatisticsPoint,
                                        now.intact, now.checked_at, site_type_);
  c.value = now.first_bad_window_ms ? static_cast<double>(*now.first_bad_window_ms) : 0.0;
  c.message = now.intact ? std::string("5 分钟统计数据校验恢复完整")
              : now.first_bad_window_ms
                  ? "5 分钟统计数据被修改、删除或插入：" +
                        format_iso8601(from_epoch_ms(*now.first_bad_window_ms)) + " 起的统计窗口"
                  : std::string("5 分钟统计数据被修改、删除或插入");
  conditions_.set(std::move(c));
}

void LedgerWatch::run() {
  name_this_thread("sw-ledger");
  check_now();
  check_statistics_now();
  for (;;) {
    std::unique_lock lock(mutex_);
    if (interval_.count() <= 0) {
      wake_.wait(lock, [this] { return stopping_; });
      return;
    }
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    lock.unlock();
    check_now();
    check_statistics_now();
  }
}

}  // namespace sw
