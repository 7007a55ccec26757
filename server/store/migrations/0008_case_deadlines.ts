import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * What head office's case list shows of a case's deadlines (issue 9 item 9;
 * server/store/caseWork.ts), derived with the shared derivation from the
 * case's state and the branch settings in force at its receipt:
 *
 * - `received_ms` and `settings_key`: the receipt and the settings version
 *   the deadlines were derived with, so a settings change re-derives exactly
 *   the cases whose settings in force at receipt changed;
 * - `next_due_ms` / `next_due_kind`: the earliest due time among the open
 *   deadlines (neither met nor ended) that have one; `paused`: 1 when an open
 *   deadline has none (its clock is stopped). The state against now is read
 *   from these when the list is.
 *
 * The projections are rebuilt at start-up (the case projection's version
 * changed), so the defaults here are overwritten at once.
 */
export const m0008_case_deadlines: ServerMigration = {
  version: 8,
  name: 'case_deadlines',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `ALTER TABLE cases ADD COLUMN received_ms ${t.int64}`,
      `ALTER TABLE cases ADD COLUMN settings_key ${t.text} NOT NULL DEFAULT ''`,
      `ALTER TABLE cases ADD COLUMN next_due_ms ${t.int64}`,
      `ALTER TABLE cases ADD COLUMN next_due_kind ${t.text}`,
      `ALTER TABLE cases ADD COLUMN paused ${t.int32} NOT NULL DEFAULT 0`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
