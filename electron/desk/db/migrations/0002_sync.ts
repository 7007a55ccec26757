import type { Migration } from './types';

/**
 * Sync with the central server (DESIGN.md section 4):
 *
 * - `outbox`: the local events still to be pushed. Every event written with
 *   this desk's own device id enters it in the same transaction as the event
 *   itself (a trigger on `events`, so no write path can forget it), including
 *   events made before the desk was enrolled. A row leaves only when the
 *   server acknowledges the event as accepted or duplicate.
 * - `sync_rejected`: events the server refused (moved out of the outbox with
 *   the reason, kept for a supervisor, never retried blindly) and pulled
 *   events this desk could not store.
 * - `attachment_queue`: evidence files waiting for upload, keyed by sha256.
 *
 * None of these are projections: a rebuild never touches them. The sync
 * cursor, server address and device token live in `meta`.
 */
export const m0002_sync: Migration = {
  version: 2,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY REFERENCES events (seq)
      ) STRICT;

      -- 'device.id' is the meta key of this desk's device uuid (electron/desk/kernel/meta.ts).
      CREATE TRIGGER events_into_outbox AFTER INSERT ON events
        WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device.id')
      BEGIN
        INSERT OR IGNORE INTO outbox (seq) VALUES (NEW.seq);
      END;

      -- Events written before this migration (nothing made offline is lost).
      INSERT INTO outbox (seq)
        SELECT seq FROM events WHERE device = (SELECT value FROM meta WHERE key = 'device.id');

      CREATE TABLE sync_rejected (
        event_id    TEXT PRIMARY KEY NOT NULL,
        -- 'push': our event, refused by the server (seq points into events);
        -- 'pull': an event from the server this desk could not store (envelope kept raw).
        direction   TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
        seq         INTEGER REFERENCES events (seq),
        reason      TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        envelope    TEXT
      ) STRICT;
      CREATE INDEX sync_rejected_direction ON sync_rejected (direction);

      CREATE TABLE attachment_queue (
        sha256     TEXT PRIMARY KEY NOT NULL,
        size       INTEGER NOT NULL,
        -- Exactly one of: the bytes themselves, or the path of a file on this machine.
        data       BLOB,
        path       TEXT,
        created_at TEXT NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        CHECK ((data IS NULL) <> (path IS NULL))
      ) STRICT;
    `);
  },
};
