// SPDX-License-Identifier: Apache-2.0
#include "store/statistics_seals.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "core/clock.hpp"
#include "store/alarm_ledger.hpp"
#include "store/meta_table.hpp"

namespace sw::store {

namespace {
constexpr const char* kHeadWindow = "statistics.head_window_ms";
constexpr const char* kHeadHash = "statistics.head_hash";
constexpr const char* kAnchorHash = "statistics.anchor_hash";
constexpr const char* kReleasedThrough = "statistics.released_through_ms";

std::string window_name(std::int64_t window_start_ms) {
  return "window " + format_iso8601(from_epoch_ms(window_start_ms));
}

// Shortest text that reads back as the same double: the seal is of the stored value, exactly.
void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_row(std::string& out, const Statement& s, int first_col) {
  out += s.column_text(first_col);  // point id
  for (int c = first_col + 1; c <= first_col + 5; ++c) {
    out += '\t';
    if (c == first_col + 1 || c == first_col + 5)
      out += std::to_string(s.column_int64(c));  // window_ms, count
    else
      append_number(out, s.column_double(c));
  }
  out += '\n';
}

// Rows in key order (window, point key), with the point's id for the text.
constexpr const char* kRowsFrom =
    "SELECT s.window_start_ms, p.id, s.window_ms, s.min, s.max, s.avg, s.count "
    "FROM history_statistics s JOIN points p ON p.key = s.point ";
}  // namespace

std::pair<std::string, std::int64_t> StatisticsSeals::window_text(std::int64_t window_start_ms) {
  auto q = db_.cached(std::string(kRowsFrom) +
                      "WHERE s.window_start_ms = ?1 ORDER BY s.window_start_ms, s.point");
  q->bind(1, window_start_ms);
  std::string text;
  std::int64_t rows = 0;
  while (q->step()) {
    append_row(text, *q, 1);
    ++rows;
  }
  return {std::move(text), rows};
}

std::vector<StatisticsSeals::Seal> StatisticsSeals::seals_from(std::int64_t window_start_ms) {
  auto q = db_.cached(
      "SELECT window_start_ms, rows, prev_hash, hash FROM statistics_seals "
      "WHERE window_start_ms >= ?1 ORDER BY window_start_ms");
  q->bind(1, window_start_ms);
  std::vector<Seal> out;
  while (q->step())
    out.push_back({q->column_int64(0), q->column_int64(1), q->column_text(2), q->column_text(3)});
  return out;
}

std::string StatisticsSeals::hash_before(std::int64_t window_start_ms) {
  auto q = db_.cached(
      "SELECT hash FROM statistics_seals WHERE window_start_ms < ?1 "
      "ORDER BY window_start_ms DESC LIMIT 1");
  q->bind(1, window_start_ms);
  if (q->step()) return q->column_text(0);
  return MetaTable(db_).get_text(kAnchorHash).value_or(genesis_hash());
}

void StatisticsSeals::seal(std::vector<std::int64_t> window_starts_ms) {
  if (window_starts_ms.empty()) return;
  std::sort(window_starts_ms.begin(), window_starts_ms.end());
  window_starts_ms.erase(std::unique(window_starts_ms.begin(), window_starts_ms.end()),
                         window_starts_ms.end());
  const std::int64_t first = window_starts_ms.front();
  // The windows to seal: the ones written and every one sealed after the first of them.
  for (const Seal& s : seals_from(first)) window_starts_ms.push_back(s.window_start_ms);
  std::sort(window_starts_ms.begin(), window_starts_ms.end());
  window_starts_ms.erase(std::unique(window_starts_ms.begin(), window_starts_ms.end()),
                         window_starts_ms.end());

  Database::Transaction tx(db_, false);
  std::string prev = hash_before(first);
  std::int64_t last_window = 0;
  auto put = db_.cached(
      "INSERT OR REPLACE INTO statistics_seals (window_start_ms, rows, prev_hash, hash) "
      "VALUES (?1, ?2, ?3, ?4)");
  auto drop = db_.cached("DELETE FROM statistics_seals WHERE window_start_ms = ?1");
  for (const std::int64_t w : window_starts_ms) {
    auto [text, rows] = window_text(w);
    if (rows == 0) {  // nothing left to seal (its rows went since)
      drop->bind(1, w).run();
      continue;
    }
    std::string hash = chain_hash(prev, w, text);
    put->bind(1, w).bind(2, rows).bind(3, prev).bind(4, hash).run();
    prev = std::move(hash);
    last_window = w;
  }
  // The head is the newest seal. Every seal from the first written window on was sealed again
  // above, so it is the last one written — unless all of those went (their rows gone), when it is
  // the newest left before them.
  MetaTable meta(db_);
  if (last_window != 0) {
    meta.set_int(kHeadWindow, last_window);
    meta.set_text(kHeadHash, prev);
  } else if (const auto all = seals_from(0); !all.empty()) {
    meta.set_int(kHeadWindow, all.back().window_start_ms);
    meta.set_text(kHeadHash, all.back().hash);
  }
  tx.commit();
}

void StatisticsSeals::release_through(std::int64_t window_start_ms) {
  Database::Transaction tx(db_, false);
  MetaTable meta(db_);
  auto last = db_.cached(
      "SELECT hash FROM statistics_seals WHERE window_start_ms <= ?1 "
      "ORDER BY window_start_ms DESC LIMIT 1");
  last->bind(1, window_start_ms);
  if (last->step()) {
    const std::string anchor = last->column_text(0);
    last->reset();
    meta.set_text(kAnchorHash, anchor);
    auto drop = db_.cached("DELETE FROM statistics_seals WHERE window_start_ms <= ?1");
    drop->bind(1, window_start_ms).run();
  }
  if (meta.get_int(kReleasedThrough).value_or(std::numeric_limits<std::int64_t>::min()) <
      window_start_ms)
    meta.set_int(kReleasedThrough, window_start_ms);
  tx.commit();
}

StatisticsSealHead StatisticsSeals::head() {
  MetaTable meta(db_);
  return {meta.get_int(kHeadWindow).value_or(0), meta.get_text(kHeadHash).value_or(genesis_hash())};
}

std::optional<std::int64_t> StatisticsSeals::check_contents(std::int64_t from, std::size_t budget,
                                                            const Contents& c) {
  auto q = db_.cached(std::string(kRowsFrom) +
                      "WHERE s.window_start_ms >= ?1 ORDER BY s.window_start_ms, s.point");
  q->bind(1, from);
  std::string text;
  std::int64_t window = 0, rows = 0;
  bool open = false;
  std::size_t read = 0;
  // Sealed windows in [lo, hi) that the walk found no row of: every row of theirs is gone.
  const auto missing_between = [&](std::int64_t lo, std::int64_t hi) {
    for (auto it = c.by_window.lower_bound(lo); it != c.by_window.end() && it->first < hi; ++it)
      if (it->first > c.released)
        c.fail(it->first, "every row of a sealed window is gone (deleted)");
  };
  const auto close_window = [&] {
    if (window <= c.released) return;  // part of it may be gone: released before its deletion
    const auto it = c.by_window.find(window);
    if (it == c.by_window.end())
      c.fail(window, "rows without a seal (written behind the store's back)");
    else if (it->second->rows != rows ||
             chain_hash(it->second->prev_hash, window, text) != it->second->hash)
      c.fail(window, "rows differ from their seal (edited, deleted or added)");
    checked_through_ms_ = std::max(checked_through_ms_, window);
  };
  std::optional<std::int64_t> next;
  std::int64_t lo = from;
  while (q->step()) {
    const std::int64_t w = q->column_int64(0);
    if (!open || w != window) {
      if (open) {
        close_window();
        lo = window + 1;
        if (read >= budget) {
          next = w;
          break;
        }
      }
      missing_between(lo, w);
      window = w, rows = 0, open = true;
      text.clear();
    }
    append_row(text, *q, 1);
    ++rows, ++read;
  }
  if (!next) {
    if (open) close_window(), lo = window + 1;
    missing_between(lo, std::numeric_limits<std::int64_t>::max());
  }
  q->reset();
  c.verdict.rows_checked += static_cast<std::int64_t>(read);
  return next;
}

StatisticsVerdict StatisticsSeals::verify(std::size_t min_rows) {
  StatisticsVerdict v;
  const std::function<void(std::int64_t, std::string)> fail = [&v](std::int64_t window,
                                                                   std::string problem) {
    if (!v.intact) return;
    v.intact = false;
    v.first_bad_window_ms = window;
    v.problem = window_name(window) + ": " + std::move(problem);
  };
  // One view of seals and rows: a window sealed by the writer halfway through is not "unsealed".
  Database::ReadSnapshot snapshot(db_);
  MetaTable meta(db_);
  const std::int64_t released =
      meta.get_int(kReleasedThrough).value_or(std::numeric_limits<std::int64_t>::min());

  // Every seal's link: a seal deleted, inserted or re-made in the middle breaks one.
  const std::vector<Seal> seals = seals_from(std::numeric_limits<std::int64_t>::min());
  v.windows = static_cast<std::int64_t>(seals.size());
  std::string expected = meta.get_text(kAnchorHash).value_or(genesis_hash());
  std::map<std::int64_t, const Seal*> by_window;
  for (const Seal& s : seals) {
    if (s.prev_hash != expected)
      fail(s.window_start_ms,
           "does not follow the seal before it (a window's seal was deleted, inserted or made "
           "again)");
    expected = s.hash;
    by_window.emplace(s.window_start_ms, &s);
  }
  // The head: the newest windows deleted, or a seal added behind the store's back.
  const StatisticsSealHead recorded = head();
  const std::int64_t last_window = seals.empty() ? 0 : seals.back().window_start_ms;
  if (v.intact &&
      (recorded.hash != expected || (!seals.empty() && recorded.window_start_ms != last_window))) {
    if (recorded.window_start_ms > last_window)
      fail(recorded.window_start_ms, "sealed, and its seal is gone (the newest windows deleted)");
    else
      fail(last_window,
           "its seal is not the head recorded beside the table (added behind the "
           "store's back)");
  }

  // Contents: a slice from the cursor (going round), and every window sealed since the last check.
  if (checked_through_ms_ < 0) checked_through_ms_ = last_window - 1;  // first check: the newest
  const std::int64_t new_from = checked_through_ms_ + 1;
  const Contents contents{by_window, released, fail, v};
  const auto next = check_contents(recheck_from_ms_, min_rows, contents);
  recheck_from_ms_ = next.value_or(std::numeric_limits<std::int64_t>::min());
  if (next && *next < new_from)
    check_contents(new_from, SIZE_MAX, contents);
  else if (next)
    check_contents(*next, SIZE_MAX, contents);
  return v;
}

}  // namespace sw::store
