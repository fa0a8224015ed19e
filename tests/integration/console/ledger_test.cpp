// SPDX-License-Identifier: Apache-2.0
// `sitewatchctl verify-ledger` against a real site: the alarm ledger's hash chain is intact, and
// an exceedance record edited in the SQLite file behind the daemon's back is found, with the first
// bad record named and exit 1 (煤矿重大事故隐患判定标准 第十八条(六): monitoring data modified).
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "console_site.hpp"
#include "result_shapes.hpp"
#include "text_layout.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// A connection of the test's own to the daemon's store, as someone with write access to the
// file would open it.
class StoreFile {
 public:
  explicit StoreFile(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~StoreFile() { sqlite3_close(db_); }
  StoreFile(const StoreFile&) = delete;
  StoreFile& operator=(const StoreFile&) = delete;

  // Runs `sql`; returns SQLite's error message, "" on success.
  std::string exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    std::string message = rc == SQLITE_OK ? "" : (error != nullptr ? error : "error");
    sqlite3_free(error);
    return message;
  }
  int changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

TEST_CASE("verify-ledger finds the chain intact, and an edited record by its seq with exit 1") {
  ConsoleSite site;
  // The methane alarm raised (at 1.0 %, or straight at 1.5 % when one poll sees both crossed)
  // and the power-not-cut hazard: at least two records, seq 1 and 2.
  REQUIRE_FALSE(site.await_alarm("face3.ch4", "power_not_cut").is_null());
  const auto intact =
      site.await_json({"verify-ledger"}, [](const json& v) { return v.value("records", 0) >= 2; });
  REQUIRE_FALSE(intact.is_null());
  check_ledger_shape(intact);
  CHECK(intact["intact"] == true);
  CHECK(intact["first_bad_seq"].is_null());
  CHECK(intact["problem"] == "");
  const auto ok = site.ctl({"verify-ledger"});
  CHECK(ok.code == 0);
  CHECK_FALSE(has_escape(ok.out));
  CHECK_THAT(ok.out, Catch::Matches(R"(ledger intact: \d+ records, hash chain verified\n)"));

  StoreFile store(site.site().store_path());
  // The append-only triggers refuse the edit...
  CHECK_THAT(store.exec("UPDATE alarm_ledger SET event_json = json_set(event_json, '$.value', "
                        "0.5) WHERE seq = 2"),
             Catch::Contains("append-only"));
  CHECK(site.ctl({"verify-ledger"}).code == 0);
  // ...so whoever wants to hide the exceedance drops them first, then lowers the value.
  REQUIRE(store.exec("DROP TRIGGER alarm_ledger_no_update; DROP TRIGGER alarm_ledger_no_delete") ==
          "");
  REQUIRE(store.exec("UPDATE alarm_ledger SET event_json = json_set(event_json, '$.value', 0.5) "
                     "WHERE seq = 2") == "");
  REQUIRE(store.changes() == 1);

  const auto broken = site.ctl({"verify-ledger", "--json"});
  CHECK(broken.code == 1);
  const auto verdict = broken.json();
  INFO(broken.out);
  check_ledger_shape(verdict);
  CHECK(verdict["intact"] == false);
  CHECK(verdict["first_bad_seq"] == 2);
  CHECK_FALSE(verdict["problem"].get<std::string>().empty());
  CHECK(verdict.value("guards_in_place", true) == false);

  const auto table = site.ctl({"verify-ledger"});
  CHECK(table.code == 1);
  CHECK_FALSE(has_escape(table.out));
  CHECK_THAT(table.out, Catch::StartsWith("LEDGER NOT INTACT (") &&
                            Catch::Contains("records): first bad record 2: ") &&
                            Catch::Contains("煤矿重大事故隐患判定标准 第十八条(六)"));
  CHECK(site.site().daemon().running());
}
