// SPDX-License-Identifier: Apache-2.0
#include "store/database.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <filesystem>
#include <system_error>

#include "store/corrupt_file.hpp"
#include "store/schema.hpp"
#include "store/sqlite_error.hpp"

namespace sw::store {

namespace {
constexpr int kCheckRowsShown = 5;                // enough of quick_check's complaints for a report
constexpr std::int64_t kWalSizeLimit = 64 << 20;  // truncate the WAL back to this after checkpoints

// A failed integrity check, phrased as SQLite's corruption so that one path handles both.
StoreError check_failed(const std::string& path, const std::string& findings) {
  return StoreError("store " + path + ": integrity check failed: " + findings, SQLITE_CORRUPT);
}
}  // namespace

Database::Database(std::string path, bool read_only)
    : Database(std::move(path), DatabaseOptions{.read_only = read_only}) {}

Database::Database(std::string path, DatabaseOptions options)
    : path_(std::move(path)), options_(options) {
  if (options_.read_only) options_.replace_corrupt = false;
  if (!options_.read_only) {
    const auto dir = std::filesystem::path(path_).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec)
      throw StoreError("store " + path_ + ": cannot create directory " + dir.string() + ": " +
                       ec.message());
  }
  try {
    open_checked();
  } catch (const StoreError& e) {
    if (!is_corruption(e.sqlite_code()) || !options_.replace_corrupt) throw;
    report_.problem = e.what();
    report_.moved_aside_to = move_corrupt_aside(path_);
    report_.recreated = true;
    spdlog::error("[store] {} is corrupt ({}); moved it aside to {} and started a new store", path_,
                  report_.problem, report_.moved_aside_to);
    open_checked();
  }
}

void Database::open_checked() {
  try {
    open_connection();
    configure();
    check_integrity();
    migrate();
    use_incremental_vacuum();
  } catch (...) {
    close();
    throw;
  }
}

Database::~Database() {
  close();
}

void Database::close() noexcept {
  cache_.clear();  // finalize every statement before the connection goes
  if (db_ != nullptr) {
    if (sqlite3_close(db_) != SQLITE_OK)
      spdlog::error("[store] {}: closing left statements open: {}", path_, sqlite3_errmsg(db_));
    db_ = nullptr;
  }
}

void Database::open_connection() {
  const int flags =
      options_.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    StoreError error = sqlite_error(
        db_, rc, options_.read_only ? "cannot open read-only" : "cannot open", {}, path_);
    close();
    throw error;
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
}

void Database::configure() {
  if (options_.read_only) {
    exec("PRAGMA query_only = ON");
  } else {
    // The first statement that reads the file: a file that is not a database fails here. On a new
    // file it takes effect (before any table and before WAL writes the first page), so the disk
    // budget can hand freed pages back to the filesystem; an older file is converted after
    // migrating (use_incremental_vacuum).
    exec("PRAGMA auto_vacuum = INCREMENTAL");
    auto mode = prepare("PRAGMA journal_mode = WAL");
    const std::string got = mode.step() ? mode.column_text(0) : "";
    if (got != "wal")
      spdlog::warn("[store] {}: journal mode is '{}', not WAL: readers will wait for writers",
                   path_, got);
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA journal_size_limit = " + std::to_string(kWalSizeLimit));
  }
  exec("PRAGMA foreign_keys = ON");
  if (options_.cache_kib != 0)
    exec("PRAGMA cache_size = -" + std::to_string(options_.cache_kib));  // negative: KiB
}

void Database::check_integrity() {
  if (options_.check == IntegrityCheck::none) return;
  const std::string sql = options_.check == IntegrityCheck::full
                              ? "PRAGMA integrity_check(" + std::to_string(kCheckRowsShown) + ")"
                              : "PRAGMA quick_check(" + std::to_string(kCheckRowsShown) + ")";
  auto check = prepare(sql);
  std::string findings;
  while (check.step()) {
    const std::string line = check.column_text(0);
    if (line == "ok") return;
    if (!findings.empty()) findings += "; ";
    findings += line;
  }
  throw check_failed(path_, findings.empty() ? "no answer" : findings);
}

int Database::schema_version() {
  auto version = prepare("PRAGMA user_version");
  return version.step() ? static_cast<int>(version.column_int64(0)) : 0;
}

void Database::migrate() {
  const int latest = latest_schema_version();
  const int found = schema_version();
  if (found > latest)
    throw StoreError("store " + path_ + ": schema version " + std::to_string(found) +
                     " is newer than this build's " + std::to_string(latest) +
                     "; refusing to touch it");
  if (options_.read_only) {
    if (found < latest)
      throw StoreError("store " + path_ + ": schema version " + std::to_string(found) +
                       ", this build reads " + std::to_string(latest) +
                       " (the daemon migrates it when it starts)");
    return;
  }
  for (const Migration& m : schema_migrations()) {
    if (m.version <= found) continue;
    Transaction tx(*this, true);
    // Another connection may have run it since we looked: the write lock makes this answer final.
    if (schema_version() >= m.version) continue;
    try {
      exec(m.sql);
      exec("PRAGMA user_version = " + std::to_string(m.version));
    } catch (const StoreError& e) {
      throw StoreError("store " + path_ + ": migration " + std::to_string(m.version) + " (" +
                           std::string(m.name) + ") failed: " + e.what(),
                       e.sqlite_code());
    }
    tx.commit();
    spdlog::info("[store] {}: migrated to schema {} ({})", path_, m.version, m.name);
  }
}

// A file made before the disk budget has auto_vacuum off: freed pages would stay in the file for
// ever. Switching it on takes one VACUUM (a rewrite of the file, once, at start-up — after
// migration 2, when the old TEXT history is gone and the file is at its smallest).
void Database::use_incremental_vacuum() {
  if (options_.read_only) return;
  auto mode = prepare("PRAGMA auto_vacuum");
  const std::int64_t current = mode.step() ? mode.column_int64(0) : 0;
  mode.reset();
  if (current == 2) return;  // INCREMENTAL
  spdlog::info("[store] {}: rewriting the file once so that freed space can be returned", path_);
  exec("PRAGMA auto_vacuum = INCREMENTAL");
  exec("VACUUM");
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec wants a terminated string
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    sqlite3_free(message);  // sqlite3_errmsg still holds the same text
    throw sqlite_error(db_, rc, "cannot run", sql);
  }
}

Statement Database::prepare(std::string_view sql) {
  return Statement(db_, sql);
}

StatementLease Database::cached(std::string_view sql) {
  auto [it, inserted] = cache_.try_emplace(std::string(sql));
  if (inserted) {
    try {
      it->second = std::make_unique<CachedStatement>(CachedStatement{Statement(db_, sql, true)});
    } catch (...) {
      cache_.erase(it);
      throw;
    }
  }
  if (it->second->lent) return StatementLease(Statement(db_, sql));
  return StatementLease(it->second->statement, it->second->lent);
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

bool Database::checkpoint_truncate() {
  sqlite3_busy_timeout(db_, 0);
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc, "cannot checkpoint the WAL");
  return true;
}

void Database::set_synchronous_full(bool full) {
  exec(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

// What synchronous=FULL would have done at commit, for a transaction that only learnt it holds
// alarms after it began (SQLite refuses to change the safety level inside a transaction).
void Database::sync_wal() {
  sqlite3_file* wal = nullptr;
  int rc = sqlite3_file_control(db_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal);
  if (rc == SQLITE_OK && wal != nullptr && wal->pMethods != nullptr)
    rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc, "cannot sync the WAL after a durable commit");
}

// ---- Transaction ----------------------------------------------------------------------------

Database::Transaction::Transaction(Database& db, bool durable)
    : db_(db), owner_(!db.in_transaction()), durable_(durable), depth_(db.tx_depth_ + 1) {
  if (owner_) {
    if (durable_) db_.set_synchronous_full(true);
    try {
      db_.exec("BEGIN IMMEDIATE");
    } catch (...) {
      if (durable_) db_.set_synchronous_full(false);
      throw;
    }
    db_.tx_began_durable_ = durable_;
    db_.tx_wants_sync_ = false;
  } else {
    db_.exec("SAVEPOINT sw_tx_" + std::to_string(depth_));
  }
  db_.tx_depth_ = depth_;
}

void Database::Transaction::commit() {
  if (done_) return;
  if (!owner_) {
    db_.exec("RELEASE sw_tx_" + std::to_string(depth_));
    if (durable_ && !db_.tx_began_durable_) db_.tx_wants_sync_ = true;
    done_ = true;
    db_.tx_depth_ = depth_ - 1;
    return;
  }
  db_.exec("COMMIT");
  done_ = true;
  const bool sync = db_.tx_wants_sync_;
  end_outermost();
  if (sync) db_.sync_wal();
}

Database::Transaction::~Transaction() {
  if (done_) return;
  try {
    if (!owner_) {
      const std::string name = "sw_tx_" + std::to_string(depth_);
      db_.exec("ROLLBACK TO " + name);
      db_.exec("RELEASE " + name);
      db_.tx_depth_ = depth_ - 1;
      return;
    }
    // A failed COMMIT (disk full, I/O error) may already have rolled back.
    if (db_.in_transaction()) db_.exec("ROLLBACK");
  } catch (const StoreError& e) {
    spdlog::error("[store] {}: rollback failed: {}", db_.path_, e.what());
  }
  if (owner_) end_outermost();
}

void Database::Transaction::end_outermost() noexcept {
  db_.tx_depth_ = 0;
  db_.tx_wants_sync_ = false;
  db_.tx_began_durable_ = false;
  if (!durable_) return;
  try {
    db_.set_synchronous_full(false);
  } catch (const StoreError& e) {
    spdlog::error("[store] {}: cannot restore synchronous=NORMAL: {}", db_.path_, e.what());
  }
}

Database::ReadSnapshot::ReadSnapshot(Database& db) : db_(db) {
  db_.exec("BEGIN DEFERRED");
}

Database::ReadSnapshot::~ReadSnapshot() {
  // A read transaction has nothing to lose: COMMIT only ends it.
  if (sqlite3_get_autocommit(db_.handle()) == 0)
    sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace sw::store
