// SPDX-License-Identifier: Apache-2.0
#include "store/schema.hpp"

#include <array>

namespace sw::store {

namespace {

// Version 1: the first shipped schema.
constexpr std::string_view kInitial = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value
);

-- Messages waiting for their PUBACK. AUTOINCREMENT: a row number is never reused, even after the
-- table was emptied, so the uplink's "after this row" cursor can never skip a new message.
CREATE TABLE outbox (
  row        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  lane       INTEGER NOT NULL CHECK (lane BETWEEN 0 AND 3),
  topic      TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  point      TEXT    NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX outbox_lane_row ON outbox (lane, row);

-- Depth per lane, kept by triggers so that every connection (rules thread, uplink, console) sees
-- the same numbers at the cost of a 4-row read, and a rolled-back add leaves them right.
CREATE TABLE outbox_depth (
  lane  INTEGER PRIMARY KEY,
  depth INTEGER NOT NULL
);
INSERT INTO outbox_depth (lane, depth) VALUES (0, 0), (1, 0), (2, 0), (3, 0);
CREATE TRIGGER outbox_depth_in AFTER INSERT ON outbox BEGIN
  UPDATE outbox_depth SET depth = depth + 1 WHERE lane = NEW.lane;
END;
CREATE TRIGGER outbox_depth_out AFTER DELETE ON outbox BEGIN
  UPDATE outbox_depth SET depth = depth - 1 WHERE lane = OLD.lane;
END;

-- Append-only, hash-chained (煤矿重大事故隐患判定标准 第十八条(六): monitoring data modified, deleted
-- or masked). The columns beside event_json are copies for queries; verify() checks they agree.
CREATE TABLE alarm_ledger (
  seq        INTEGER PRIMARY KEY,
  time_ms    INTEGER NOT NULL,
  alarm_id   TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  event_json TEXT    NOT NULL,
  prev_hash  TEXT    NOT NULL,
  hash       TEXT    NOT NULL
);
CREATE INDEX alarm_ledger_alarm ON alarm_ledger (alarm_id, seq);
CREATE INDEX alarm_ledger_time ON alarm_ledger (time_ms);
CREATE TRIGGER alarm_ledger_no_update BEFORE UPDATE ON alarm_ledger BEGIN
  SELECT RAISE(ABORT, 'the alarm ledger is append-only: records cannot be changed');
END;
CREATE TRIGGER alarm_ledger_no_delete BEFORE DELETE ON alarm_ledger BEGIN
  SELECT RAISE(ABORT, 'the alarm ledger is append-only: records cannot be deleted');
END;

-- Alarms not back to normal, as the alarm book serialises them.
CREATE TABLE alarm_state (
  source      TEXT PRIMARY KEY,
  record_json TEXT NOT NULL
);

CREATE TABLE history_samples (
  point   TEXT    NOT NULL,
  time_ms INTEGER NOT NULL,
  value   REAL,
  quality TEXT    NOT NULL,
  reason  TEXT    NOT NULL DEFAULT '',
  text    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX history_samples_point_time ON history_samples (point, time_ms);
CREATE INDEX history_samples_time ON history_samples (time_ms);

CREATE TABLE history_statistics (
  point           TEXT    NOT NULL,
  window_start_ms INTEGER NOT NULL,
  window_ms       INTEGER NOT NULL,
  min             REAL    NOT NULL,
  max             REAL    NOT NULL,
  avg             REAL    NOT NULL,
  count           INTEGER NOT NULL,
  UNIQUE (point, window_start_ms)
);
CREATE INDEX history_statistics_time ON history_statistics (window_start_ms);
)sql";

// Version 2: compact history (issue 12). A row of version 1 keyed its point and quality by text,
// ~80 bytes with two indexes; now the point is a key from `points`, the quality its number, and the
// row is clustered with no rowid and no other index: ~22 bytes on disk.
//
// Samples are clustered by a 10-second time bucket first (time_ms rounded down to 10 s, divided by
// 10,000), then point, then the millisecond within the bucket. A turn writes one row for each of
// up to thousands of points at about the same time: clustered by point, each row went to a page of
// its own (a 4 KB page written to the WAL per 20-byte row); by bucket, they go to the few pages of
// the current bucket. The bucket and offset take the bytes a full time_ms did (4 + 2 for 6), so the
// row grows by one header byte; `time_ms` is a virtual column computed from them (no storage), for
// readers and ad-hoc queries. A point's query seeks (bucket, point) once per bucket (history.cpp);
// expiry and thinning delete ranges of whole buckets at the start of the table. The 10 s are
// kHistoryBucketMs (history.hpp): the two must agree.
//
// `value` has no declared type on purpose: a value with at most three decimals that survives the
// round trip exactly is stored as INTEGER thousandths (1–6 bytes; 0.38 → 380), any other as REAL
// (8 bytes), NULL when the quality is not good. See history.cpp.
//
// Statistics are keyed by window first: a window closes for every point at once, and so appends
// at the end of the table instead of rewriting a page of every point (all of a 2-year table).
//
// Two samples of one point in the same millisecond: the later one replaces the earlier (INSERT OR
// REPLACE); a driver never reads one point twice in a millisecond.
constexpr std::string_view kCompactHistory = R"sql(
CREATE TABLE points (
  key INTEGER PRIMARY KEY,
  id  TEXT NOT NULL UNIQUE
);
INSERT OR IGNORE INTO points (id) SELECT point FROM history_samples GROUP BY point;
INSERT OR IGNORE INTO points (id) SELECT point FROM history_statistics GROUP BY point;

CREATE TABLE history_samples_v2 (
  bucket    INTEGER NOT NULL,
  point     INTEGER NOT NULL,
  offset_ms INTEGER NOT NULL CHECK (offset_ms BETWEEN 0 AND 9999),
  value,
  quality   INTEGER NOT NULL,
  time_ms   INTEGER GENERATED ALWAYS AS (bucket * 10000 + offset_ms) VIRTUAL,
  PRIMARY KEY (bucket, point, offset_ms)
) WITHOUT ROWID;
INSERT OR REPLACE INTO history_samples_v2 (bucket, point, offset_ms, value, quality)
  SELECT (h.time_ms - (h.time_ms % 10000 + 10000) % 10000) / 10000, p.key,
         (h.time_ms % 10000 + 10000) % 10000, h.value,
         CASE h.quality WHEN 'good' THEN 0 WHEN 'comm_loss' THEN 1 WHEN 'device_fault' THEN 2
                        WHEN 'warming_up' THEN 3 WHEN 'calibrating' THEN 4
                        WHEN 'out_of_range' THEN 5 ELSE 6 END
  FROM history_samples h JOIN points p ON p.id = h.point ORDER BY h.rowid;
DROP TABLE history_samples;
ALTER TABLE history_samples_v2 RENAME TO history_samples;

CREATE TABLE history_statistics_v2 (
  point           INTEGER NOT NULL,
  window_start_ms INTEGER NOT NULL,
  window_ms       INTEGER NOT NULL,
  min             REAL    NOT NULL,
  max             REAL    NOT NULL,
  avg             REAL    NOT NULL,
  count           INTEGER NOT NULL,
  PRIMARY KEY (window_start_ms, point)
) WITHOUT ROWID;
INSERT OR REPLACE INTO history_statistics_v2
  SELECT p.key, s.window_start_ms, s.window_ms, s.min, s.max, s.avg, s.count
  FROM history_statistics s JOIN points p ON p.id = s.point ORDER BY s.rowid;
DROP TABLE history_statistics;
ALTER TABLE history_statistics_v2 RENAME TO history_statistics;
)sql";

// Version 3: the 隐患台账 (issue 14; shared/DOMAIN.md "隐患台账 and monthly reporting"). A record
// is never deleted: a wrong one is closed with a reason. `hazards` holds each record's current
// state; `hazard_steps` every step of its life, append-only and hash-chained like the alarm ledger
// (same chain_hash), so an edited or removed step is detectable.
constexpr std::string_view kHazardRegister = R"sql(
CREATE TABLE hazards (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  source          TEXT    NOT NULL CHECK (source IN ('monitoring', 'self_inspection', 'department')),
  supervised      INTEGER NOT NULL DEFAULT 0,
  alarm_id        TEXT    NOT NULL DEFAULT '',
  point           TEXT    NOT NULL DEFAULT '',
  clause          TEXT    NOT NULL DEFAULT '',
  category        TEXT    NOT NULL DEFAULT '',
  description     TEXT    NOT NULL DEFAULT '',
  first_value     REAL,
  worst_value     REAL,
  state           TEXT    NOT NULL CHECK (state IN ('open', 'rectifying', 'rectified', 'closed')),
  responsible     TEXT    NOT NULL DEFAULT '',
  measures        TEXT    NOT NULL DEFAULT '',
  funds           TEXT    NOT NULL DEFAULT '',
  deadline        TEXT    NOT NULL DEFAULT '',
  contingency     TEXT    NOT NULL DEFAULT '',
  rectified_by    TEXT    NOT NULL DEFAULT '',
  rectified_note  TEXT    NOT NULL DEFAULT '',
  rectified_ms    INTEGER,
  closed_by       TEXT    NOT NULL DEFAULT '',
  closed_note     TEXT    NOT NULL DEFAULT '',
  closed_ms       INTEGER,
  opened_ms       INTEGER NOT NULL,
  updated_ms      INTEGER NOT NULL
);
CREATE INDEX hazards_alarm ON hazards (alarm_id) WHERE alarm_id <> '';
CREATE INDEX hazards_state ON hazards (state, id);
CREATE TRIGGER hazards_no_delete BEFORE DELETE ON hazards BEGIN
  SELECT RAISE(ABORT, 'hazard records cannot be deleted: close a wrong one with a reason');
END;

CREATE TABLE hazard_steps (
  seq       INTEGER PRIMARY KEY,
  hazard_id INTEGER NOT NULL REFERENCES hazards (id),
  time_ms   INTEGER NOT NULL,
  action    TEXT    NOT NULL,
  step_json TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL
);
CREATE INDEX hazard_steps_hazard ON hazard_steps (hazard_id, seq);
CREATE TRIGGER hazard_steps_no_update BEFORE UPDATE ON hazard_steps BEGIN
  SELECT RAISE(ABORT, 'hazard steps are append-only: steps cannot be changed');
END;
CREATE TRIGGER hazard_steps_no_delete BEFORE DELETE ON hazard_steps BEGIN
  SELECT RAISE(ABORT, 'hazard steps are append-only: steps cannot be deleted');
END;
)sql";

// Version 4: seals over the 5-minute statistics windows (issue 17 §4; statistics_seals.hpp). The
// windows already written were never sealed: they count as released, so checking starts with the
// first window written after the upgrade.
constexpr std::string_view kStatisticsSeals = R"sql(
CREATE TABLE statistics_seals (
  window_start_ms INTEGER PRIMARY KEY,
  rows            INTEGER NOT NULL,
  prev_hash       TEXT    NOT NULL,
  hash            TEXT    NOT NULL
);
INSERT INTO meta (key, value)
  SELECT 'statistics.released_through_ms', max(window_start_ms) FROM history_statistics
  HAVING count(*) > 0;
)sql";

// Version 5: dead letters (issue 13 item 6; outbox.hpp). Messages the broker kept refusing, moved
// out of their lane with the last reason; put back by the console. And the outbox's bytes, so it
// can be bounded by them (issue 19 item 4).
constexpr std::string_view kDeadLetters = R"sql(
CREATE TABLE dead_letters (
  row          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT    NOT NULL,
  seq          INTEGER NOT NULL,
  lane         INTEGER NOT NULL CHECK (lane BETWEEN 0 AND 3),
  topic        TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  point        TEXT    NOT NULL,
  created_ms   INTEGER NOT NULL,
  set_aside_ms INTEGER NOT NULL,
  reason       TEXT    NOT NULL
);
CREATE INDEX dead_letters_lane_row ON dead_letters (lane, row);

-- The outbox's payload bytes per lane beside its depth ([store] outbox_max_bytes), kept by the same
-- triggers. CAST AS BLOB: length() of text counts characters.
ALTER TABLE outbox_depth ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
UPDATE outbox_depth SET bytes =
  (SELECT coalesce(sum(length(CAST(payload AS BLOB))), 0) FROM outbox WHERE lane = outbox_depth.lane);
DROP TRIGGER outbox_depth_in;
DROP TRIGGER outbox_depth_out;
CREATE TRIGGER outbox_depth_in AFTER INSERT ON outbox BEGIN
  UPDATE outbox_depth SET depth = depth + 1, bytes = bytes + length(CAST(NEW.payload AS BLOB))
    WHERE lane = NEW.lane;
END;
CREATE TRIGGER outbox_depth_out AFTER DELETE ON outbox BEGIN
  UPDATE outbox_depth SET depth = depth - 1, bytes = bytes - length(CAST(OLD.payload AS BLOB))
    WHERE lane = OLD.lane;
END;
)sql";

constexpr std::array<Migration, 5> kMigrations{{
    {1, "initial schema: meta, outbox, alarm ledger, alarm state, history", kInitial},
    {2, "compact history: integer point keys, clustered by 10 s bucket, WITHOUT ROWID",
     kCompactHistory},
    {3, "hazard register (隐患台账): hazards and their hash-chained steps", kHazardRegister},
    {4, "seals over the statistics windows", kStatisticsSeals},
    {5, "dead letters, and the outbox's bytes per lane", kDeadLetters},
}};

}  // namespace

std::span<const Migration> schema_migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

}  // namespace sw::store
