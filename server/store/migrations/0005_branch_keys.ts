import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 8 item 5: each branch's credential keys ("peppers", decision 0021),
 * kept apart from the event log so a copy of the events cannot be used to
 * guess a PIN offline. Desks send theirs and receive the branch's at
 * enrolment, and only then.
 */
export const m0005_branch_keys: ServerMigration = {
  version: 5,
  name: 'branch_keys',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql
      .raw(
        `CREATE TABLE branch_keys (
          branch ${t.key} NOT NULL,
          key_id ${t.key} NOT NULL,
          secret ${t.text} NOT NULL,
          added_at ${t.int64} NOT NULL,
          PRIMARY KEY (branch, key_id)
        )${t.strict}`,
      )
      .execute(db);
  },
};
