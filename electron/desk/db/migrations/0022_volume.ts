import type { Migration } from './types';

/**
 * Issue 14 item 2 (docs/analysis.md "per business volume", decision 0039):
 * the branch's business volume, one row per (month, unit) as the volume fold
 * (shared/domain/volume/fold.ts) gives it, written by the volume projector
 * (electron/desk/features/volume/projector.ts). The latest recording of a
 * (month, unit) by fold order wins; a taken-back figure has no row. A
 * branch records a few figures a month, so the table stays small. The
 * customer attributes of issue 14 item 1 need no column: they live in the
 * case's state and its facts row (case_facts).
 */
export const m0022_volume: Migration = {
  version: 22,
  name: 'volume',
  up(db) {
    db.exec(`
      CREATE TABLE volume_figures (
        period    TEXT NOT NULL,
        unit      TEXT NOT NULL,
        value     REAL NOT NULL,
        event_id  TEXT NOT NULL,
        actor     TEXT NOT NULL,
        hlc       TEXT NOT NULL,
        PRIMARY KEY (period, unit)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
