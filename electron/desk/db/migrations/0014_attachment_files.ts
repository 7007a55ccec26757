import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentStore, sha256OfBytes } from '../../kernel/fileStore';
import type { Migration } from './types';

/**
 * Issue 12 (evidence files): the upload queue refers to a file of the desk's
 * content-addressed store (`<dataDir>/evidence/<aa>/<sha256>`,
 * kernel/fileStore.ts) by its sha256 instead of holding its bytes in SQLite.
 *
 * Rows queued before this version carried their bytes (`data`) or, by design
 * though never used, a path. Their bytes are written to the store first
 * (idempotent: content-addressed, never overwriting), then the table is made
 * again without the two columns. A row whose bytes cannot be found or no
 * longer hash to its sha256 could never be uploaded: it is dropped.
 *
 * `evidence_fetch`: evidence other desks added whose file this desk has not
 * got yet, filled from the log by the evidence feature's fetcher (a watermark
 * in `meta`), emptied as files arrive. Desk-local, never a projection.
 */
export const m0014_attachment_files: Migration = {
  version: 14,
  name: 'attachment_files',
  up(db) {
    const file = db.name;
    const rows = db
      .prepare('SELECT sha256, size, data, path, created_at, attempts, last_error FROM attachment_queue')
      .all() as {
      sha256: string;
      size: number;
      data: Buffer | null;
      path: string | null;
      created_at: string;
      attempts: number;
      last_error: string | null;
    }[];
    const kept: typeof rows = [];
    if (rows.length > 0) {
      const store = new ContentStore(path.join(path.dirname(path.resolve(file)), 'evidence'));
      for (const r of rows) {
        let bytes: Buffer | null = r.data;
        if (bytes === null && r.path !== null) {
          try {
            bytes = readFileSync(r.path);
          } catch {
            bytes = null;
          }
        }
        if (bytes === null || sha256OfBytes(bytes) !== r.sha256) continue;
        store.putBytes(bytes);
        kept.push(r);
      }
    }
    db.exec(`
      DROP TABLE attachment_queue;
      CREATE TABLE attachment_queue (
        -- The file is <dataDir>/evidence/<first two hex>/<sha256> (kernel/fileStore.ts).
        sha256     TEXT PRIMARY KEY NOT NULL,
        size       INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;

      CREATE TABLE evidence_fetch (
        sha256     TEXT PRIMARY KEY NOT NULL,
        size       INTEGER NOT NULL,
        -- When the evidence was added (ms, the event's HLC wall time): the newest are fetched first.
        added_ms   INTEGER NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX evidence_fetch_added ON evidence_fetch (added_ms);
    `);
    const insert = db.prepare(
      'INSERT INTO attachment_queue (sha256, size, created_at, attempts, last_error) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of kept) insert.run(r.sha256, r.size, r.created_at, r.attempts, r.last_error);
  },
};
