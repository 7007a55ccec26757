import type { Migration } from './types';

/**
 * Issue 11 (measured with `npm run bench:desk -- --orders 200000`, docs/performance.md):
 * indexes for the order board (`order.list`, electron/desk/features/orders/queries.ts).
 *
 * The board counts each status under the same filters (capped at 1,000). An
 * `orders` row carries its whole folded state, about a page of the file per
 * order, so every row the count has to look at is a page read: with only
 * `(status, pos)` and `(owner, pos)` a count by owner, kind, flag or rework
 * link walked the status's rows one by one (owner: 32 ms a status, the board
 * 300 ms; flagged: 500 ms, as nearly no order is flagged). Each filter now has
 * an index that ends in `(status, pos)`, so its counts read index entries only
 * and its pages come newest first without a sort:
 *
 * - `(owner, status, pos)`, `(kind, status, pos)` and `(kind, pos)` (the
 *   kind's page without a status: without it the planner took the
 *   `(kind, status, pos)` index and sorted every order of the kind);
 * - `(status, pos)` partial on flagged orders and on rework returns (with
 *   the filtered column, so the count needs no row).
 */
export const m0009_order_board_indexes: Migration = {
  version: 9,
  name: 'order_board_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX orders_owner_status ON orders (owner, status, pos);
      CREATE INDEX orders_kind ON orders (kind, pos);
      CREATE INDEX orders_kind_status ON orders (kind, status, pos);
      CREATE INDEX orders_flagged_status ON orders (status, pos, flags) WHERE flags > 0;
      CREATE INDEX orders_rework_status ON orders (status, pos, rework_of) WHERE rework_of IS NOT NULL;
    `);
  },
};
