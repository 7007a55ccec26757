import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * The cases whose fold asked the role oracle (a restricted act,
 * docs/roles.md), by branch: the ones to fold again when that branch's staff
 * directory changes. Filled by the case projector; the projections are
 * rebuilt at start-up (the case projection's version went up), so the table
 * starts empty here.
 */
export const m0006_case_judged: ServerMigration = {
  version: 6,
  name: 'case_judged',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql
      .raw(
        `CREATE TABLE case_judged (
          branch ${t.text} NOT NULL,
          id ${t.text} NOT NULL,
          PRIMARY KEY (branch, id)
        )${t.strict}`,
      )
      .execute(db);
  },
};
