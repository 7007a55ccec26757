import type { Migration } from './types';

/**
 * Issue 12, review finding 12: a repeat complaint notes whether an earlier
 * case of the same customer within the window has the same category
 * (shared/domain/cases/repeat.ts `sameCategory`). The customer index keeps
 * each case's category (so a re-categorised case re-judges the later ones
 * like a changed receipt does), and the case row its `repeat_same_category`
 * (0/1), written with `repeat` by the case projector
 * (electron/desk/features/cases/repeats.ts).
 *
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next open.
 */
export const m0018_repeat_same_category: Migration = {
  version: 18,
  name: 'repeat_same_category',
  up(db) {
    db.exec(`
      ALTER TABLE customers_index ADD COLUMN category TEXT NOT NULL DEFAULT '';
      ALTER TABLE cases ADD COLUMN repeat_same_category INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
