// SPDX-License-Identifier: Apache-2.0
// A site's life with the package, in a scratch root (dpkg --root, DPKG_ROOT; nothing on this
// system changes): install, configure the site and run the daemon until its ledger holds alarms,
// upgrade to a newer package (the same files at a higher version), run the new daemon on the same
// store — put back at schema 1 with the old daemon's ledger, so that the upgrade really migrates it
// — remove, purge.
//
// systemd is not PID 1 where these tests run, so the test plays the service manager: it starts
// the installed /usr/sbin/sitewatchd itself with the unit's command line, stops it with SIGTERM
// before the upgrade as prerm+postinst's restart would, and starts the upgraded binary after.
// What postinst does about the service on a real systemd (try-restart only with a config the new
// binary accepts) is maintainer_scripts_test.cpp.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include "deploy_support.hpp"
#include "store/schema.hpp"
#include "support/child_process.hpp"
#include "support/site_under_test.hpp"
#include "support/skip.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace fs = std::filesystem;
using namespace sw::test::deploy;
using namespace std::chrono_literals;

namespace {

// The ledger as `sqlite3` reads it: one "seq|alarm_id|hash" line per record.
std::string ledger_rows(const fs::path& db) {
  const auto result = run("sqlite3 -readonly " + shell_quote(db.string()) +
                          " 'SELECT seq, alarm_id, hash FROM alarm_ledger ORDER BY seq'");
  return result.exit_code == 0 ? result.output : "";
}

int schema_version(const fs::path& db) {
  const auto result =
      run("sqlite3 -readonly " + shell_quote(db.string()) + " 'PRAGMA user_version'");
  return result.exit_code == 0 ? std::stoi(result.output) : -1;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The installed daemon, started as the unit starts it (ExecStart=) but with the site's paths.
std::unique_ptr<sw::test::ChildProcess> start_installed_daemon(const fs::path& root,
                                                               const fs::path& log) {
  return std::make_unique<sw::test::ChildProcess>(
      std::vector<std::string>{(root / "usr/sbin/sitewatchd").string(), "--config",
                               (root / "etc/sitewatch/sitewatch.toml").string()},
      log.string());
}

// `sitewatchctl --json COMMAND` of the installed client; nullopt when it does not answer.
std::optional<nlohmann::json> ctl_json(const fs::path& root, const std::string& socket,
                                       const std::string& command) {
  const auto result = run(shell_quote((root / "usr/bin/sitewatchctl").string()) + " --socket " +
                          shell_quote(socket) + " --json " + command);
  if (result.exit_code != 0) return std::nullopt;
  return nlohmann::json::parse(result.output, nullptr, false);
}

// The store as a release at schema 1 left it. Both packages here carry the same binary, so the
// old daemon wrote the latest schema; this rebuilds its store at schema 1 from the first
// migration's own SQL, copies in what schema 2 did not change (meta, ledger, alarm state, outbox)
// as it is, and adds three schema-1 history rows (point and quality as text) two hours old, for
// the upgraded daemon to migrate.
void make_schema_1_store(const fs::path& store, const fs::path& scratch) {
  const fs::path old_db = scratch / "schema1.db";
  const fs::path sql = scratch / "schema1.sql";
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto two_hours_ago = std::to_string(now_ms - 2 * 3600 * 1000);
  std::ofstream(sql) << sw::store::schema_migrations()[0].sql << "\nPRAGMA user_version = 1;\n"
                     << "ATTACH "
                     << "'" << store.string() << "' AS cur;\n"
                     << "INSERT INTO meta SELECT * FROM cur.meta;\n"
                     << "INSERT INTO alarm_ledger SELECT * FROM cur.alarm_ledger;\n"
                     << "INSERT INTO alarm_state SELECT * FROM cur.alarm_state;\n"
                     << "INSERT INTO outbox SELECT * FROM cur.outbox;\n"
                     << "INSERT INTO history_samples (point, time_ms, value, quality) VALUES "
                     << "('face3.ch4', " << two_hours_ago << ", 0.11, 'good'), "
                     << "('face3.ch4', " << two_hours_ago << " + 1000, 0.22, 'good'), "
                     << "('face3.ch4', " << two_hours_ago << " + 2000, 0.33, 'good');\n";
  const auto made =
      run("sqlite3 -bail " + shell_quote(old_db.string()) + " <" + shell_quote(sql.string()));
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(store.string() + suffix);
  fs::rename(old_db, store);
}

}  // namespace

TEST_CASE(
    "an upgrade keeps the edited config and the alarm ledger and the new daemon runs on the "
    "store, remove keeps state and config, purge removes them and the account") {
  if (::geteuid() != 0) {
    sw::test::skip_test("needs root for dpkg --root (file ownership)");
  }
  sw::test::TempDir dir;
  const fs::path old_deb = build_deb();
  const fs::path new_deb = deb_with_version(old_deb, dir.path() / "new", "0.1.0+upgrade1");
  const fs::path root = dir.path() / "root";
  make_scratch_root(root);
  REQUIRE(dpkg_in(root, "-i " + shell_quote(old_deb.string())).exit_code == 0);

  // The site: a broker and the coal face simulator; the admin writes the site config into the
  // conffile, the store where the package keeps it.
  sw::test::SiteOptions options;
  options.start_daemon = false;
  options.speed = 10;
  sw::test::SiteUnderTest site(options);
  const fs::path store = root / "var/lib/sitewatch/sitewatch.db";
  fs::create_directories(store.parent_path());
  std::string config = read_file(site.config_path());
  const auto store_at = config.find(site.store_path());
  REQUIRE(store_at != std::string::npos);
  config.replace(store_at, site.store_path().size(), store.string());
  config += "# edited on site\n";
  const fs::path conffile = root / "etc/sitewatch/sitewatch.toml";
  std::ofstream(conffile, std::ios::trunc) << config;

  // The old package's daemon runs until the methane alarm is in the ledger.
  auto daemon = start_installed_daemon(root, dir.path() / "old-daemon.log");
  const bool alarmed =
      sw::test::wait_until([&] { return line_count(ledger_rows(store)) >= 2; }, 30s);
  INFO(daemon->log());
  REQUIRE(alarmed);
  REQUIRE(daemon->stop() == 0);
  const std::string ledger_before = ledger_rows(store);
  make_schema_1_store(store, dir.path());
  REQUIRE(schema_version(store) == 1);
  REQUIRE(ledger_rows(store) == ledger_before);

  // Upgrade: the edited conffile is kept byte for byte, with its modes.
  const auto upgraded = dpkg_in(root, "-i " + shell_quote(new_deb.string()));
  INFO(upgraded.output);
  REQUIRE(upgraded.exit_code == 0);
  CHECK(run("dpkg --root=" + shell_quote(root.string()) + " -s sitewatch")
            .output.find("Version: 0.1.0+upgrade1") != std::string::npos);
  CHECK(read_file(conffile) == config);
  CHECK_FALSE(fs::exists(root / "etc/sitewatch/sitewatch.toml.dpkg-new"));
  struct stat st {};
  REQUIRE(::stat(conffile.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);

  // The upgraded daemon migrates the store to its schema: the ledger is the same records and
  // still verifies, the schema-1 history reads back, and the site is monitored again.
  daemon = start_installed_daemon(root, dir.path() / "new-daemon.log");
  std::optional<nlohmann::json> verdict;
  const bool answered = sw::test::wait_until(
      [&] {
        return (verdict = ctl_json(root, site.console_socket(), "verify-ledger")).has_value();
      },
      15s);
  INFO(daemon->log());
  REQUIRE(answered);
  CHECK(verdict->value("intact", false));
  CHECK(verdict->value("records", 0) >= static_cast<int>(line_count(ledger_before)));
  CHECK(ledger_rows(store).rfind(ledger_before, 0) == 0);  // the old records, unchanged, first
  CHECK(schema_version(store) == sw::store::latest_schema_version());
  CHECK(daemon->log().find("migrated to schema " +
                           std::to_string(sw::store::latest_schema_version())) !=
        std::string::npos);
  const auto history = ctl_json(root, site.console_socket(), "history face3.ch4 --since 3h");
  REQUIRE(history.has_value());
  // The oldest rows come first: the three of schema 1, two hours before anything the daemon read.
  std::vector<double> old_values;
  for (const auto& row : *history)
    if (old_values.size() < 3 && row.value("quality", "") == "good" && row["value"].is_number())
      old_values.push_back(row["value"].get<double>());
  INFO(history->dump());
  CHECK(old_values == std::vector<double>{0.11, 0.22, 0.33});
  REQUIRE(daemon->stop() == 0);

  // Remove: programs go, the config (a conffile) and the store stay, and so does the account.
  const auto removed = dpkg_in(root, "-r sitewatch");
  INFO(removed.output);
  REQUIRE(removed.exit_code == 0);
  CHECK_FALSE(fs::exists(root / "usr/sbin/sitewatchd"));
  CHECK(read_file(conffile) == config);
  CHECK(ledger_rows(store).rfind(ledger_before, 0) == 0);
  CHECK_FALSE(entry_for(root / "etc/passwd", "sitewatch").empty());

  // Purge: config, store, permission overrides and the account go.
  const auto purged = dpkg_in(root, "-P sitewatch");
  INFO(purged.output);
  REQUIRE(purged.exit_code == 0);
  CHECK_FALSE(fs::exists(root / "etc/sitewatch"));
  CHECK_FALSE(fs::exists(root / "var/lib/sitewatch"));
  CHECK(read_file(root / "var/lib/dpkg/statoverride").find("sitewatch") == std::string::npos);
  CHECK(entry_for(root / "etc/passwd", "sitewatch").empty());
  CHECK(entry_for(root / "etc/group", "sitewatch").empty());
  CHECK(entry_for(root / "etc/group", "dialout") == "dialout:x:20:");
}
