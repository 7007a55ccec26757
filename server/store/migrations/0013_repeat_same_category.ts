import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 12, review finding 12 at head office (as desk migration 0018): a
 * repeat complaint notes whether an earlier case of the same customer of the
 * branch within the window has the same category. The customer index keeps
 * each case's category (a re-categorised case re-judges the later ones), the
 * case row its `repeat_same_category` (0/1), written with `repeat` by
 * server/store/repeats.ts.
 *
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next start.
 */
export const m0013_repeat_same_category: ServerMigration = {
  version: 13,
  name: 'repeat_same_category',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `ALTER TABLE customers_index ADD COLUMN category ${t.text} NOT NULL DEFAULT ''`,
      `ALTER TABLE cases ADD COLUMN repeat_same_category ${t.int32} NOT NULL DEFAULT 0`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
