import { hash } from 'node:crypto';
import { GENESIS_LINK } from '../../../../shared/domain/kernel/chain';
import type { Migration } from './types';

/**
 * Issue 13 (docs/audit-trail.md, decision 0032): the tamper-evident audit
 * chain of this desk's own events.
 *
 * - `audit_chain`: one row per event this device wrote, in the order it wrote
 *   them (`dseq` 1, 2, …), with the event's id, its local `seq` and the link
 *   sha256(previous link || event hash). Filled by the event store in the
 *   transaction that stores the event (kernel/auditChain.ts).
 * - `audit_checkpoints`: the device's ed25519 signatures over {device, dseq,
 *   link}, and head office's acknowledgement of each (features/audit).
 *
 * Neither is a projection: a rebuild never touches them. A desk upgraded to
 * this version chains the events it already wrote here, in their local order
 * (the chain can vouch for them only from now on: docs/audit-trail.md).
 */
export const m0017_audit_chain: Migration = {
  version: 17,
  name: 'audit_chain',
  up(db) {
    db.exec(`
      CREATE TABLE audit_chain (
        dseq     INTEGER PRIMARY KEY,
        seq      INTEGER NOT NULL UNIQUE,
        event_id TEXT NOT NULL,
        link     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_checkpoints (
        dseq      INTEGER PRIMARY KEY,
        link      TEXT NOT NULL,
        signature TEXT NOT NULL,
        made_at   TEXT NOT NULL,
        -- head office's acknowledgement: when, and the link it holds for this dseq
        acked_at  TEXT,
        ack_link  TEXT
      ) STRICT;
    `);
    const device = db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as
      { value: string } | undefined;
    if (device === undefined) return;
    const insert = db.prepare('INSERT INTO audit_chain (dseq, seq, event_id, link) VALUES (?, ?, ?, ?)');
    let link = GENESIS_LINK;
    let dseq = 0;
    const rows = db
      .prepare('SELECT seq, id, hash FROM events WHERE device = ? ORDER BY seq')
      .iterate(device.value) as IterableIterator<{ seq: number; id: string; hash: string }>;
    // Collected first: better-sqlite3 refuses writes while an iterator is open on the connection.
    const own: { seq: number; id: string; hash: string }[] = [...rows];
    for (const r of own) {
      dseq++;
      link = hash('sha256', link + r.hash, 'hex');
      insert.run(dseq, r.seq, r.id, link);
    }
  },
};
