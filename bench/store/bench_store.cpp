// SPDX-License-Identifier: Apache-2.0
// Prints what the store sustains on this disk: durable alarm batches (the rules thread's commit),
// the outbox with a 100,000-message backlog (the uplink's drain after an outage), history inserts,
// and how long opening (with its integrity check) takes. No pass/fail. History size, the day
// query and the disk budget: bench_history.
//
//   bench_store [directory ...]     (default /tmp; a scratch file is created and removed in each)
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/ulid.hpp"
#include "store/alarm_ledger.hpp"
#include "store/database.hpp"
#include "store/history.hpp"
#include "store/meta_table.hpp"
#include "store/point_keys.hpp"
#include "store/sqlite_outbox.hpp"

using namespace sw;
using namespace sw::store;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

AlarmEvent alarm(int n) {
  AlarmEvent e;
  e.alarm_id = make_ulid();
  e.event_id = make_ulid();
  e.rule = "limit";
  e.point = PointInfo{"face3.ch4",
                      "face-3",
                      "unit 7",
                      "回风隅角甲烷",
                      "methane",
                      "%CH4",
                      "3号采煤工作面回风隅角",
                      false,
                      Millis{2000},
                      0,
                      std::nullopt};
  e.level = "power_cut";
  e.priority = 1;
  e.value = 1.5 + n * 1e-4;
  e.threshold = 1.5;
  e.peak = e.value;
  e.major_hazard = true;
  e.hazard_category = "瓦斯超限作业";
  e.clause = "煤矿安全规程 第498条";
  e.message = "methane above the power-cut level";
  e.time = e.raised_at = WallClock::now();
  return e;
}

OutboundMessage message(Lane lane, std::int64_t seq) {
  OutboundMessage m;
  m.id = make_ulid();
  m.seq = seq;
  m.lane = lane;
  m.topic = "sw/91140000MA0XXXXX/gw-01/" + std::string(to_string(lane));
  // About the size of a real alarm message.
  m.payload = R"({"id":")" + m.id + R"(","seq":)" + std::to_string(seq) + R"(,"kind":"alarm",)" +
              std::string(480, 'x') + R"(,"resent":false})";
  m.point = "face3.ch4";
  m.created = WallClock::now();
  return m;
}

// The rules thread's commit: ledger, outbox and last_seq in one durable transaction.
void durable_batches(Database& db, int batch_size, int batches) {
  AlarmLedger ledger(db);
  SqliteOutbox outbox(db, 1'000'000);
  MetaTable meta(db);
  std::vector<double> latencies;
  std::int64_t seq = 0;
  double preparing = 0;  // building events and payloads is the encoder's cost, not the store's
  const auto start = Clock::now();
  for (int b = 0; b < batches; ++b) {
    const auto p0 = Clock::now();
    std::vector<AlarmEvent> events;
    std::vector<OutboundMessage> messages;
    for (int i = 0; i < batch_size; ++i) {
      events.push_back(alarm(i));
      messages.push_back(message(Lane::alarm, ++seq));
    }
    preparing += seconds_since(p0);
    const auto t0 = Clock::now();
    Database::Transaction tx(db, true);
    ledger.append(events);
    outbox.add(messages);
    meta.set_int("last_seq", seq);
    tx.commit();
    latencies.push_back(seconds_since(t0) * 1000);
  }
  const double s = seconds_since(start);
  fmt::print(
      "  durable batch of {:>3}: {:>8.0f} alarms/s  {:>7.0f} commits/s  commit p50 {:.2f} ms  "
      "p99 {:.2f} ms\n",
      batch_size, batch_size * batches / s, batches / s, percentile(latencies, 0.5),
      percentile(latencies, 0.99));
  db.exec("DELETE FROM outbox");
}

void normal_batches(Database& db, int batches) {
  SqliteOutbox outbox(db, 1'000'000);
  std::vector<std::vector<OutboundMessage>> prepared;
  for (int b = 0; b < batches; ++b) prepared.push_back({message(Lane::telemetry, b)});
  const auto start = Clock::now();
  for (auto& messages : prepared) outbox.add(messages);
  const double s = seconds_since(start);
  fmt::print("  NORMAL (not durable), 1 per commit: {:>8.0f} messages/s\n", batches / s);
  db.exec("DELETE FROM outbox");
}

void outbox_backlog(Database& db, int backlog) {
  SqliteOutbox outbox(db, static_cast<std::size_t>(backlog) * 2);
  constexpr int kBatch = 100;
  std::vector<std::vector<OutboundMessage>> batches;
  for (int i = 0; i < backlog; i += kBatch) {
    batches.emplace_back();
    for (int j = 0; j < kBatch; ++j) batches.back().push_back(message(Lane::telemetry, i + j));
  }
  auto start = Clock::now();
  for (auto& messages : batches) outbox.add(messages);
  fmt::print("  add {} telemetry in batches of {}: {:>8.0f} messages/s\n", backlog, kBatch,
             backlog / seconds_since(start));

  auto stats_start = Clock::now();
  constexpr int kStatsCalls = 1000;
  for (int i = 0; i < kStatsCalls; ++i) (void)outbox.stats();
  fmt::print("  stats() with {} waiting: {:.1f} µs per call\n", backlog,
             seconds_since(stats_start) * 1e6 / kStatsCalls);

  start = Clock::now();
  std::int64_t after = 0;
  std::size_t read = 0;
  for (;;) {
    auto page = outbox.next(Lane::telemetry, after, kBatch);
    if (page.empty()) break;
    after = page.back().row;
    read += page.size();
  }
  fmt::print("  next() pages of {} through the backlog: {:>8.0f} messages/s ({} read)\n", kBatch,
             static_cast<double>(read) / seconds_since(start), read);

  start = Clock::now();
  std::size_t removed = 0;
  for (;;) {
    auto page = outbox.next(Lane::telemetry, 0, kBatch);
    if (page.empty()) break;
    std::vector<std::int64_t> rows;
    for (const auto& m : page) rows.push_back(m.row);
    outbox.remove(rows);
    removed += rows.size();
  }
  fmt::print("  drain (next + remove, pages of {}): {:>8.0f} messages/s ({} removed)\n", kBatch,
             static_cast<double>(removed) / seconds_since(start), removed);
}

// Inserts and a query through point keys; bench_history measures size, the day query and pruning.
void history(Database& db, int samples) {
  History h(db);
  PointKeys keys(db);
  constexpr int kBatch = 100;
  constexpr int kPoints = 200;
  std::vector<std::string> ids;
  for (int p = 0; p < kPoints; ++p) ids.push_back("area" + std::to_string(p) + ".ch4");
  const auto key = keys.get_or_create(ids);
  std::vector<std::vector<HistoryRow>> batches;
  for (int i = 0; i < samples; i += kBatch) {
    batches.emplace_back();
    for (int j = 0; j < kBatch; ++j)
      batches.back().push_back({key[static_cast<std::size_t>((i + j) % kPoints)],
                                1'764'000'000'000 + (i + j) * 100LL, 0.01 * j, Quality::good});
  }
  auto start = Clock::now();
  for (const auto& batch : batches) h.append(batch);
  fmt::print("  history insert, batches of {}: {:>8.0f} samples/s\n", kBatch,
             samples / seconds_since(start));

  start = Clock::now();
  const auto got = h.query("area7.ch4", from_epoch_ms(0), from_epoch_ms(4'000'000'000'000), 10'000);
  fmt::print("  history query of one point ({} samples): {:.2f} ms\n", got.size(),
             seconds_since(start) * 1000);
}

void reopen(const std::string& path) {
  for (IntegrityCheck check : {IntegrityCheck::quick, IntegrityCheck::full}) {
    const auto start = Clock::now();
    Database db(path, DatabaseOptions{.check = check});
    fmt::print("  open with {} on {:.1f} MB: {:.0f} ms\n",
               check == IntegrityCheck::quick ? "quick_check" : "integrity_check",
               static_cast<double>(fs::file_size(path)) / 1e6, seconds_since(start) * 1000);
  }
}

void run(const fs::path& dir) {
  const std::string path = (dir / ("bench_store-" + std::to_string(::getpid()) + ".db")).string();
  fmt::print("{} ({})\n", path, fs::space(dir).capacity > 0 ? "disk" : "?");
  {
    Database db(path);
    durable_batches(db, 1, 300);
    durable_batches(db, 10, 200);
    durable_batches(db, 100, 50);
    normal_batches(db, 3000);
    outbox_backlog(db, 100'000);
    history(db, 200'000);
  }
  reopen(path);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  std::vector<fs::path> dirs;
  for (int i = 1; i < argc; ++i) dirs.emplace_back(argv[i]);
  if (dirs.empty()) dirs.emplace_back("/tmp");
  try {
    for (const auto& d : dirs) run(d);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_store: {}\n", e.what());
    return 1;
  }
  return 0;
}
