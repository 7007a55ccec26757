import type { Migration } from './types';

/**
 * Issue 9: the derived deadlines of each case, to query (the work queue, the
 * supervisor board, the case list's due filters, the scheduler), and the
 * desk's own alerts.
 *
 * - `case_work`: projection rows written by the case projector from
 *   shared/domain/deadlines/caseDeadlines.ts (docs/deadlines.md): one row
 *   per deadline that is still open (not met, not ended), ended, a callback,
 *   or an entry made late. `due_ms` null: paused. Partial indexes cover only
 *   the open items, which stay few however many cases the desk holds.
 * - `case_work_basis`: per case, its receipt instant and the key of the
 *   settings its deadlines were derived with, so a settings change re-derives
 *   exactly the cases whose settings in force at receipt changed.
 * - `callback_days`: the callback rows summed per UTC day of their due time
 *   (how many, how many done), for the board's callback coverage.
 * - `alerts`: desk-local (not a projection: neither synced nor rebuilt),
 *   raised once per (case, rule, kind, ref, attempt) by the scheduler.
 *
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next open.
 */
export const m0006_case_work: Migration = {
  version: 6,
  name: 'case_work',
  up(db) {
    db.exec(`
      CREATE TABLE case_work (
        case_pos INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        owner TEXT,
        due_ms INTEGER,
        met_ms INTEGER,
        ended_ms INTEGER,
        PRIMARY KEY (case_pos, kind, ref)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX case_work_open_due ON case_work (due_ms) WHERE met_ms IS NULL AND ended_ms IS NULL;
      CREATE INDEX case_work_open_owner ON case_work (owner, due_ms) WHERE met_ms IS NULL AND ended_ms IS NULL;
      CREATE INDEX case_work_open_kind ON case_work (kind, due_ms) WHERE met_ms IS NULL AND ended_ms IS NULL;
      CREATE INDEX case_work_ended ON case_work (kind, ended_ms) WHERE ended_ms IS NOT NULL AND met_ms IS NULL;
      CREATE INDEX case_work_late_entry ON case_work (met_ms) WHERE kind = 'entry' AND met_ms > due_ms;
      CREATE INDEX case_work_callback ON case_work (due_ms, met_ms) WHERE kind = 'callback';

      CREATE TABLE case_work_basis (
        case_pos INTEGER PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        settings_key TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_work_basis_received ON case_work_basis (received_ms, settings_key);

      CREATE TABLE callback_days (
        day INTEGER PRIMARY KEY,
        due INTEGER NOT NULL,
        done INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        owner TEXT,
        due_ms INTEGER,
        raised_ms INTEGER NOT NULL,
        acked_ms INTEGER,
        acked_by TEXT
      ) STRICT;
      CREATE UNIQUE INDEX alerts_once ON alerts (case_id, rule, kind, ref, attempt);
      CREATE INDEX alerts_open ON alerts (owner) WHERE acked_ms IS NULL;
    `);
  },
};
