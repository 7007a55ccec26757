import type { Migration } from './types';

/**
 * Issue 10: what a clerk has typed but not yet recorded (decision 0026).
 * Desk-local working state, one row per (clerk, key): not an event, not a
 * projection, so neither synced nor touched by `rebuild`. `updated_ms` with
 * the rowid (a replaced row gets a new one) orders the clerk's drafts, so
 * the oldest can be dropped past the per-clerk limit.
 */
export const m0007_drafts: Migration = {
  version: 7,
  name: 'drafts',
  up(db) {
    db.exec(`
      CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        staff_id TEXT NOT NULL,
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX drafts_key ON drafts (staff_id, key);
      CREATE INDEX drafts_age ON drafts (staff_id, updated_ms, id);
    `);
  },
};
