import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * The settings fold of each branch (issue 9; decision 0023): the counted
 * versions of its calendar, official schedules and deadline rules and the
 * flagged events, as JSON, so the case projection can ask which settings
 * were in force at a case's receipt without folding the branch's staff and
 * settings again. One row per branch that has settings events; a branch
 * without one uses the defaults. Filled by the settings projector; the
 * projections are rebuilt at start-up (a new projector changes the fold
 * signature), so the table starts empty here.
 */
export const m0007_branch_settings: ServerMigration = {
  version: 7,
  name: 'branch_settings',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql
      .raw(
        `CREATE TABLE branch_settings (
          branch ${t.text} PRIMARY KEY,
          state ${t.text} NOT NULL,
          signature ${t.text} NOT NULL,
          updated_at ${t.int64} NOT NULL
        )${t.strict}`,
      )
      .execute(db);
  },
};
