// SPDX-License-Identifier: Apache-2.0
// What only the SQLite outbox promises: messages outlive the process, whatever way it ends.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "outbox_fixtures.hpp"
#include "store/alarm_ledger.hpp"
#include "store/meta_table.hpp"
#include "store_test_data.hpp"
#include "support/wait_until.hpp"

using namespace sw;
using namespace sw::store;
using namespace sw::store::test;

namespace {

std::string integrity(Database& db) {
  auto s = db.prepare("PRAGMA integrity_check");
  return s.step() ? s.column_text(0) : "";
}

std::vector<std::string> all_ids(Outbox& outbox, Lane lane) {
  std::vector<std::string> ids;
  for (const auto& m : outbox.next(lane, 0, 1'000'000)) ids.push_back(m.id);
  return ids;
}

// Reads whole lines from a pipe until it is closed.
std::vector<std::string> read_lines(int fd) {
  std::vector<std::string> lines;
  std::string pending;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
      lines.push_back(pending.substr(0, eol));
      pending.erase(0, eol + 1);
    }
  }
  return lines;  // a line cut off by the kill is not a report
}

}  // namespace

TEST_CASE("messages in the SQLite outbox are still there after the store is closed and reopened") {
  sw::test::TempDir dir;
  std::vector<OutboundMessage> batch{message(Lane::alarm, "a0"), message(Lane::telemetry, "t0"),
                                     message(Lane::alarm, "a1")};
  {
    Database db(dir.file("s.db"));
    SqliteOutbox outbox(db, 100);
    outbox.add(batch);
    outbox.remove({batch[0].row});
  }
  Database db(dir.file("s.db"));
  SqliteOutbox outbox(db, 100);
  CHECK(all_ids(outbox, Lane::alarm) == std::vector<std::string>{"a1"});
  CHECK(all_ids(outbox, Lane::telemetry) == std::vector<std::string>{"t0"});
  CHECK(outbox.stats().depth == 2);

  // Rows go on from where they were, even past the removed ones.
  std::vector<OutboundMessage> more{message(Lane::alarm, "a2")};
  outbox.add(more);
  CHECK(more[0].row > batch[2].row);
}

TEST_CASE("the count of dropped telemetry survives a reopen") {
  sw::test::TempDir dir;
  {
    Database db(dir.file("s.db"));
    SqliteOutbox outbox(db, 2);
    std::vector<OutboundMessage> batch{message(Lane::telemetry, "t0"),
                                       message(Lane::telemetry, "t1"),
                                       message(Lane::telemetry, "t2")};
    outbox.add(batch);
  }
  Database db(dir.file("s.db"));
  CHECK(SqliteOutbox(db, 2).stats().dropped_telemetry == 1);
}

TEST_CASE("an add inside the caller's transaction is undone with it, counts included") {
  sw::test::TempDir dir;
  Database db(dir.file("s.db"));
  SqliteOutbox outbox(db, 100);
  {
    Database::Transaction tx(db, true);
    std::vector<OutboundMessage> batch{message(Lane::alarm, "a0")};
    outbox.add(batch);
    CHECK(outbox.stats().depth == 1);
  }  // no commit: as if the batch's ledger append had failed
  CHECK(outbox.next(Lane::alarm, 0, 10).empty());
  CHECK(outbox.stats().depth == 0);
}

TEST_CASE("one connection adds while another drains: every alarm arrives once, in order") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  Database writer_db(path);
  Database uplink_db(path,
                     DatabaseOptions{.check = IntegrityCheck::none, .replace_corrupt = false});
  Database console_db(path, DatabaseOptions{.read_only = true, .check = IntegrityCheck::none});
  constexpr int kBatches = 200;
  constexpr int kPerBatch = 5;
  constexpr int kTotal = kBatches * kPerBatch;

  std::atomic<bool> writer_failed{false};
  std::thread writer([&] {
    try {
      SqliteOutbox outbox(writer_db, 100'000);
      MetaTable meta(writer_db);
      for (int b = 0; b < kBatches; ++b) {
        std::vector<OutboundMessage> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          char id[16];
          std::snprintf(id, sizeof id, "a%05d", b * kPerBatch + i);
          batch.push_back(message(Lane::alarm, id));
        }
        Database::Transaction tx(writer_db, true);
        outbox.add(batch);
        meta.set_int("last_seq", b);
        tx.commit();
      }
    } catch (const std::exception& e) {
      writer_failed = true;
      FAIL_CHECK(e.what());
    }
  });

  SqliteOutbox uplink(uplink_db, 100'000);
  SqliteOutbox console(console_db, 100'000);
  std::vector<std::string> delivered;
  const bool drained = sw::test::wait_until(
      [&] {
        auto got = uplink.next(Lane::alarm, 0, 50);
        std::vector<std::int64_t> rows;
        for (auto& m : got) {
          delivered.push_back(m.id);
          rows.push_back(m.row);
        }
        uplink.remove(rows);
        (void)console.stats();  // the console reads all along
        return static_cast<int>(delivered.size()) >= kTotal || writer_failed;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(0));
  writer.join();
  REQUIRE(drained);
  REQUIRE_FALSE(writer_failed);
  REQUIRE(delivered.size() == static_cast<std::size_t>(kTotal));
  CHECK(std::is_sorted(delivered.begin(), delivered.end()));
  CHECK(std::adjacent_find(delivered.begin(), delivered.end()) == delivered.end());
  CHECK(console.stats().depth == 0);
}

TEST_CASE("alarms reported added by a process killed mid-stream are all there after reopening") {
  sw::test::TempDir dir;
  const std::string path = dir.file("s.db");
  { Database create(path); }  // migrated before the child starts, as the daemon does at start

  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child writes batches as the rules thread does (ledger, outbox, meta in one durable
    // transaction) and reports each message once add() has returned and the batch committed.
    ::close(pipe_fds[0]);
    try {
      Database db(path, DatabaseOptions{.check = IntegrityCheck::none});
      SqliteOutbox outbox(db, 1'000'000);
      AlarmLedger ledger(db);
      MetaTable meta(db);
      for (int n = 0;; ++n) {
        std::vector<AlarmEvent> events{methane_event(2 * n), methane_event(2 * n + 1)};
        std::vector<OutboundMessage> batch;
        for (const auto& e : events) batch.push_back(message(Lane::alarm, e.event_id));
        Database::Transaction tx(db, true);
        ledger.append(events);
        outbox.add(batch);
        meta.set_int("last_seq", 2 * n + 1);
        tx.commit();
        std::string report;
        for (const auto& m : batch) report += m.id + "\n";
        if (::write(pipe_fds[1], report.data(), report.size()) < 0) ::_exit(3);
      }
    } catch (...) {
      ::_exit(2);
    }
  }
  ::close(pipe_fds[1]);

  // Kill it while it writes: after a few hundred reports, with no pause between.
  std::vector<std::string> reported;
  std::string pending;
  char buf[4096];
  while (reported.size() < 400) {
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    REQUIRE(n > 0);  // 0: the child died on its own
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
      reported.push_back(pending.substr(0, eol));
      pending.erase(0, eol + 1);
    }
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  pending += [&] {
    std::string rest;
    for (const auto& line : read_lines(pipe_fds[0])) rest += line + "\n";
    return rest;
  }();
  for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
    reported.push_back(pending.substr(0, eol));
    pending.erase(0, eol + 1);
  }
  ::close(pipe_fds[0]);

  Database db(path);
  REQUIRE_FALSE(db.open_report().recreated);
  CHECK(integrity(db) == "ok");
  SqliteOutbox outbox(db, 1'000'000);
  const auto stored = all_ids(outbox, Lane::alarm);
  REQUIRE(stored.size() >= reported.size());
  // Every reported message is there, in the order it was added; at most the batch in flight is
  // extra (committed, killed before it could report).
  CHECK(std::equal(reported.begin(), reported.end(), stored.begin()));
  CHECK(stored.size() - reported.size() <= 2);
  // The batch is atomic: ledger, outbox and last_seq moved together.
  AlarmLedger ledger(db);
  const LedgerVerdict verdict = ledger.verify();
  CHECK(verdict.intact);
  CHECK(verdict.records == static_cast<std::int64_t>(stored.size()));
  CHECK(MetaTable(db).get_int("last_seq") == static_cast<std::int64_t>(stored.size()) - 1);
  CHECK(outbox.stats().depth == stored.size());
}
