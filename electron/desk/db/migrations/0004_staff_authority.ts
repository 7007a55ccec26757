import type { Migration } from './types';

/**
 * Staff records can be disabled (issue 8). The staff projection is rebuilt
 * from the log at the next open (its projector's version went up), so the
 * column's default only matters until then.
 */
export const m0004_staff_authority: Migration = {
  version: 4,
  name: 'staff_authority',
  up(db) {
    db.exec(`ALTER TABLE staff ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;`);
  },
};
