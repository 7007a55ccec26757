import type { Migration } from './types';

/**
 * Issue 11 (docs/performance.md "Issue 11"): a gram index for the order
 * board's text filter, which was a `LIKE '%…%'` over five columns of every
 * order (110–1,600 ms at 200,000 orders).
 *
 * `order_search` is like the cases' `case_search` (0001): a contentless FTS5
 * table, rowid = orders.pos, one document per order with the gram tokens of
 * its number, customer name, phone, plate and VIN or serial plus a token for
 * its status (electron/desk/features/orders/search.ts). It only narrows the
 * candidates: the board re-checks each with the same `LIKE`, so it lists
 * exactly what the scan listed.
 *
 * A projection: written by the order projector, emptied and filled again by
 * a rebuild. Rows of a desk upgraded to this version are indexed by the
 * rebuild that ORDER_PROJECTION_VERSION 2 asks for.
 */
export const m0010_order_search: Migration = {
  version: 10,
  name: 'order_search',
  up(db) {
    db.exec(
      `CREATE VIRTUAL TABLE order_search USING fts5(g, content='', contentless_delete=1, detail=none);`,
    );
  },
};
