import type { Migration } from './types';

/**
 * Issue 11: 我的待办 (`work.mine`) lists the follow-up calls of the work
 * orders the clerk received (electron/desk/features/work/orderCallbacks.ts).
 * A partial index of the open calls by receiver and release time, so the
 * list walks only the clerk's open calls in due order and its count reads
 * index entries only, however many orders the desk holds.
 */
export const m0011_order_follow_up_owner: Migration = {
  version: 11,
  name: 'order_follow_up_owner',
  up(db) {
    db.exec(
      `CREATE INDEX orders_follow_up_owner ON orders (owner, released_at, pos) WHERE follow_up_open = 1;`,
    );
  },
};
