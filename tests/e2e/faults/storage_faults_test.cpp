// SPDX-License-Identifier: Apache-2.0
// The store's disk fails: it fills up while the daemon runs, or the file is corrupt when it
// starts. Alarms still reach the platform, the fault is shown on the console and in the retained
// status, and the daemon gets back to durable writing by itself.
#include "fault_helpers.hpp"
#include "support/skip.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

using namespace sw::test;
using namespace sw::test::faults;

namespace {

// A small tmpfs mounted for the test (needs root, as in CI), unmounted when it goes.
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& where, const std::string& size) : where_(where) {
    std::filesystem::create_directories(where_);
    if (::mount("tmpfs", where_.c_str(), "tmpfs", 0, ("size=" + size + ",mode=0700").c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes a file until the disk refuses more; returns the bytes written.
  std::size_t fill(const std::string& name) {
    const std::string path = (where_ / name).string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    std::vector<char> block(64 * 1024, 'x');
    std::size_t written = 0;
    for (std::size_t size = block.size(); size >= 512;) {
      const ssize_t n = ::write(fd, block.data(), size);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else {
        size /= 2;  // fill the last few pages too
      }
    }
    ::close(fd);
    return written;
  }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string error_;
};

}  // namespace

TEST_CASE(
    "with the store's disk full, alarms still go out live, the storage fault is shown, and writes "
    "resume when space returns") {
  TempDir mount_point;
  SmallDisk disk(mount_point.path() / "store", "2m");
  if (!disk.mounted())
    skip_test("cannot mount a small tmpfs for the store (" + disk.error() +
              "); this test needs root");
  SiteOptions options = late_leak_site(4);
  options.replace.emplace("snapshot_period = \"30s\"", "snapshot_period = \"1s\"");
  options.start_daemon = false;
  SiteUnderTest site(options);
  const std::string store = (mount_point.path() / "store" / "sitewatch.db").string();
  edit_config(site, "path = \"" + site.store_path() + "\"", "path = \"" + store + "\"");
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();
  REQUIRE(platform.wait_for(online_status, 20s));

  const std::size_t filled = disk.fill("filler");
  INFO("filled " << filled << " bytes");
  CHECK(filled > 0);

  // The store's disk budget answers a full filesystem by thinning history, which gives pages
  // back: until space "comes back" below, whatever it frees is taken again at once, so the disk
  // stays full the way a failing one would.
  std::atomic<bool> keep_full{true};
  int refills = 0;
  std::thread refiller([&] {
    try {
      while (keep_full) {
        disk.fill("filler-" + std::to_string(++refills));
        std::this_thread::sleep_for(20ms);  // the fault's cadence, not a synchronisation
      }
    } catch (const std::exception& e) {
      std::cerr << "refilling the disk failed: " << e.what() << "\n";
    }
  });
  struct Join {
    std::atomic<bool>& flag;
    std::thread& thread;
    ~Join() {
      flag = false;
      if (thread.joinable()) thread.join();
    }
  } join_refiller{keep_full, refiller};

  // The storage fault shows on the console, with SQLite's words for it.
  json status;
  REQUIRE(wait_until(
      [&] {
        status = ctl_json(site, "status");
        return status.is_object() && status["storage"]["ok"] == false;
      },
      15s, 100ms));
  const std::string problem = status["storage"]["problem"].get<std::string>();
  INFO("storage problem: " << problem);
  CHECK(problem.find("full") != std::string::npos);

  // The leak: the alarm reaches the platform live, though the disk refuses it.
  const auto raised = platform.wait_for(limit_raised, 30s);
  INFO(site.daemon().log());
  REQUIRE(raised);
  CHECK(raised->json()["resent"] == false);
  const std::string raised_event = raised->json()["data"]["event_id"];
  status = ctl_json(site, "status");
  CHECK(status["storage"]["ok"] == false);
  CHECK(status["storage"]["events_not_ledgered"].get<std::int64_t>() >= 1);
  CHECK(status["storage"]["failed_commits"].get<std::int64_t>() >= 1);

  // The retained status tells the platform too.
  const auto unhealthy = platform.wait_for(
      [](const CapturedMessage& m) {
        if (!online_status(m)) return false;
        const json h = m.json()["data"].value("health", json::object());
        return h.value("storage_ok", true) == false && !h.value("last_error", "").empty();
      },
      10s);
  CHECK(unhealthy);
  // And a gateway event says so once, sent live from memory like the alarm.
  const auto failover = platform.wait_for(
      [](const CapturedMessage& m) { return is_gateway_event(m, "store_failover"); }, 10s);
  REQUIRE(failover);
  CHECK(failover->json()["data"]["detail"]["problem"].get<std::string>().find("full") !=
        std::string::npos);

  // Space comes back: the next writes succeed, and new alarm events are in the ledger again.
  keep_full = false;
  refiller.join();
  std::filesystem::remove(mount_point.path() / "store" / "filler");
  for (int i = 1; i <= refills; ++i)
    std::filesystem::remove(mount_point.path() / "store" / ("filler-" + std::to_string(i)));
  const auto freed = Clock::now();
  REQUIRE(wait_until(
      [&] {
        status = ctl_json(site, "status");
        return status.is_object() && status["storage"]["ok"] == true;
      },
      15s, 100ms));
  std::cout << "[figure] disk full: space freed to writes succeeding: "
            << seconds_between(freed, Clock::now()) << " s\n";
  std::vector<LedgerRecord> ledger;
  REQUIRE(wait_until(
      [&] {
        ledger = read_ledger(store);
        return ledger_has(ledger, "cleared", "limit");
      },
      30s, 100ms));
  for (const auto& r : ledger) CHECK(r.event_id != raised_event);  // it went out, not to disk
  ledger = await_delivery(store, platform, 20s);
  CHECK(undelivered(ledger, alarm_messages(platform)).empty());
  const auto [rc, out] = site.ctl("--json verify-ledger");
  CHECK(rc == 0);
  CHECK(json::parse(out, nullptr, false).value("intact", false));
  const auto healthy = platform.wait_for(
      [](const CapturedMessage& m) {
        if (!online_status(m)) return false;
        const json h = m.json()["data"].value("health", json::object());
        return h.value("storage_ok", false) == true;
      },
      10s);
  CHECK(healthy);
  const auto recovered = platform.wait_for(
      [](const CapturedMessage& m) { return is_gateway_event(m, "store_recovered"); }, 10s);
  CHECK(recovered);
}

TEST_CASE(
    "a store file that is not a database is moved aside at start, and the daemon runs on with a "
    "new one") {
  SiteOptions options;
  options.replace = quick_demo_lines();
  options.start_daemon = false;
  SiteUnderTest site(options);
  std::string garbage;
  for (int i = 0; garbage.size() < 20000; ++i)
    garbage += "not a database, block " + std::to_string(i) + "\n";
  write_text(site.store_path(), garbage);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  site.start_daemon();

  // It says so: in the log, and in the console's storage note.
  const std::string log = site.daemon().log();
  INFO(log);
  CHECK(log.find("[store]") != std::string::npos);
  CHECK(log.find("corrupt") != std::string::npos);
  const json status = ctl_json(site, "status");
  REQUIRE(status.is_object());
  const std::string note = status["storage"]["note"];
  CHECK(note.find("moved aside to " + site.store_path() + ".corrupt-") != std::string::npos);
  CHECK(status["storage"]["ok"] == true);

  // The old file is kept, untouched, for a post-mortem.
  std::vector<std::string> aside;
  for (const auto& e : std::filesystem::directory_iterator(site.dir().path()))
    if (e.path().filename().string().rfind("sitewatch.db.corrupt-", 0) == 0)
      aside.push_back(e.path().string());
  REQUIRE(aside.size() == 1);
  CHECK(read_text(aside.front()) == garbage);

  // And it runs on: the leak's alarm reaches the platform, and is in the new ledger.
  const auto raised = platform.wait_for(limit_raised, 30s);
  REQUIRE(raised);
  const auto ledger = read_ledger(site.store_path());
  CHECK(std::any_of(ledger.begin(), ledger.end(), [&](const LedgerRecord& r) {
    return r.event_id == raised->json()["data"]["event_id"];
  }));
}

TEST_CASE(
    "a store with a damaged ledger page is moved aside at start, and the daemon runs on with a new "
    "one") {
  SiteOptions options;
  options.replace = quick_demo_lines();
  SiteUnderTest site(options);
  MqttCapture platform(site.broker().uri(), "sitewatch/#");
  REQUIRE(wait_until([&] { return !read_ledger(site.store_path()).empty(); }, 30s, 100ms));
  REQUIRE(site.daemon().stop(10000) == 0);

  // Overwrite the page holding the ledger's table root, as a torn write would. (Checkpointed
  // first, so that the page is in the main file and not only in the write-ahead log.)
  int rc = 0;
  const std::string answer = run_command(
      "sqlite3 -list " + shell_quote(site.store_path()) +
          " 'PRAGMA wal_checkpoint(TRUNCATE);' 'PRAGMA page_size;' \"SELECT rootpage FROM "
          "sqlite_schema WHERE name = 'alarm_ledger'\" 2>&1",
      &rc);
  INFO("sqlite3: " << answer);
  REQUIRE(rc == 0);
  std::istringstream lines(answer);
  std::string checkpoint, page_size, root;
  std::getline(lines, checkpoint);
  std::getline(lines, page_size);
  std::getline(lines, root);
  const long size = std::stol(page_size);
  const long page = std::stol(root);
  REQUIRE(page > 1);
  {
    std::fstream file(site.store_path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp((page - 1) * size);
    const std::string junk(static_cast<std::size_t>(size), '\x5a');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    REQUIRE(file);
  }
  const auto first_alarms = alarm_messages(platform).size();

  site.start_daemon();
  const json status = ctl_json(site, "status");
  REQUIRE(status.is_object());
  const std::string note = status["storage"]["note"];
  INFO(site.daemon().log());
  CHECK(note.find("corrupt") != std::string::npos);
  CHECK(note.find(site.store_path() + ".corrupt-") != std::string::npos);
  const json verdict = ctl_json(site, "verify-ledger");
  REQUIRE(verdict.is_object());
  CHECK(verdict["intact"] == true);

  // The methane is still high: the new store's first alarm reaches the platform.
  REQUIRE(wait_until([&] { return alarm_messages(platform).size() > first_alarms; }, 30s, 50ms));
  REQUIRE(wait_until([&] { return !read_ledger(site.store_path()).empty(); }, 10s, 50ms));
}
