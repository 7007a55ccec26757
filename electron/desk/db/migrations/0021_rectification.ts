import type { Migration } from './types';

/**
 * Issue 14 item 7 (docs/rectification.md, decision 0040): the rectification
 * items' projection, one row per item (`rect:<uuid>` stream), written by the
 * rectification projector (electron/desk/features/rectification/projector.ts)
 * from the rectification fold.
 *
 * - pos (the rowid) is the seq of the event that opened the item, so it
 *   depends only on the events and their arrival order, which a rebuild replays;
 * - `status` ('open' | 'done') and `due_at` serve the list's states (overdue
 *   is open and past due at the time of asking); `scope_dim`/`scope_value`
 *   the items of one category or failure point beside a report's row;
 * - `item` is the folded item (JSON) the views are built from.
 */
export const m0021_rectification: Migration = {
  version: 21,
  name: 'rectification',
  up(db) {
    db.exec(`
      CREATE TABLE rectifications (
        pos          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        status       TEXT NOT NULL,
        owner        TEXT NOT NULL,
        due_at       TEXT NOT NULL,
        scope_dim    TEXT NOT NULL,
        scope_value  TEXT NOT NULL,
        opened_hlc   TEXT NOT NULL,
        updated_hlc  TEXT NOT NULL,
        item         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rectifications_status ON rectifications (status, due_at, pos);
      CREATE INDEX rectifications_scope  ON rectifications (scope_dim, scope_value, pos);
    `);
  },
};
