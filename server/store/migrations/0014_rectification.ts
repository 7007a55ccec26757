import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 14 item 7 at head office (as desk migration 0023, docs/rectification.md):
 * every branch's rectification items, one row per `rect:<uuid>` stream,
 * written by server/store/rectification.ts from the same fold the desks run,
 * so head office lists each branch's items with their state and owner.
 */
export const m0014_rectification: ServerMigration = {
  version: 14,
  name: 'rectification',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `CREATE TABLE rectifications (
        id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        status ${t.key} NOT NULL,
        owner ${t.key} NOT NULL,
        due_at ${t.key} NOT NULL,
        scope_dim ${t.key} NOT NULL,
        scope_value ${t.key} NOT NULL,
        opened_hlc ${t.key} NOT NULL,
        updated_hlc ${t.key} NOT NULL,
        item ${t.text} NOT NULL
      )${t.strict}`,
      `CREATE INDEX rectifications_branch ON rectifications (branch, status, due_at, id)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
