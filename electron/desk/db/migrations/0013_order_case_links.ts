import type { Migration } from './types';

/**
 * Issue 11, item 5 ("a complaint case and a work order can be linked both
 * ways"): the case -> work orders lookup.
 *
 * `order_case_links` has one row per (case, order) an order's fold links
 * (`OrderState.caseIds`, from `order.case_linked`), keyed by the order's
 * `orders.pos`: `order.forCase` reads a case's orders newest first straight
 * from the primary key and each order row by its rowid, so it costs the same
 * at 200,000 orders as at 20. A projection: written by the order projector
 * (electron/desk/features/orders/caseLinks.ts), emptied and filled again by a
 * rebuild; a desk upgraded to this version fills it through the rebuild that
 * ORDER_PROJECTION_VERSION 3 asks for.
 *
 * `cases_number`: the front desk links by number (`order.linkCase` with a
 * `caseNumber`); without it a number was a scan of every case row.
 */
export const m0013_order_case_links: Migration = {
  version: 13,
  name: 'order_case_links',
  up(db) {
    db.exec(`
      CREATE TABLE order_case_links (
        case_id   TEXT NOT NULL,
        order_pos INTEGER NOT NULL,
        PRIMARY KEY (case_id, order_pos)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX cases_number ON cases (number);
    `);
  },
};
