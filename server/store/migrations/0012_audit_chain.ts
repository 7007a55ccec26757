import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 13 (docs/audit-trail.md, decision 0032): head office's copy of each
 * device's audit chain, received with POST /v1/audit (server/store/audit.ts).
 *
 * - `audit_keys`: the device's ed25519 public key, fixed at its first audit
 *   push, and when it last sent its chain (`last_at`): an event of the device
 *   received before then must be in its chain.
 * - `audit_chain`: (device, dseq) -> the event id, its envelope hash and the
 *   link; `state` says what became of the event at push as the desk saw it:
 *   'stored', 'refused' (rightly absent from `events`) or 'pending' (still in
 *   the desk's outbox; a later audit push settles it).
 * - `audit_checkpoints`: the device's signed checkpoints, as acknowledged.
 */
export const m0012_audit_chain: ServerMigration = {
  version: 12,
  name: 'audit_chain',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `CREATE TABLE audit_keys (
        device ${t.key} PRIMARY KEY,
        public_key ${t.text} NOT NULL,
        registered_at ${t.int64} NOT NULL,
        last_at ${t.int64} NOT NULL
      )${t.strict}`,
      `CREATE TABLE audit_chain (
        device ${t.key} NOT NULL,
        dseq ${t.int64} NOT NULL,
        event_id ${t.key} NOT NULL,
        hash ${t.text} NOT NULL,
        link ${t.text} NOT NULL,
        state ${t.text} NOT NULL,
        received_at ${t.int64} NOT NULL,
        PRIMARY KEY (device, dseq)
      )${t.strict}`,
      `CREATE INDEX audit_chain_event ON audit_chain (event_id)`,
      `CREATE TABLE audit_checkpoints (
        device ${t.key} NOT NULL,
        dseq ${t.int64} NOT NULL,
        link ${t.text} NOT NULL,
        signature ${t.text} NOT NULL,
        received_at ${t.int64} NOT NULL,
        PRIMARY KEY (device, dseq)
      )${t.strict}`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
