import type { Migration } from './types';

/**
 * Issue 11: the work-order projection (docs/repair.md), rebuilt from the log
 * by the order projector (electron/desk/features/orders/projector.ts).
 *
 * - `orders`: one row per order, its folded OrderState as JSON plus the
 *   columns the board filters and sorts on (status, customer, plate or
 *   serial, promised time, flags, failed inspections, release, rework link,
 *   owner; `follow_up_open`: released and the follow-up call not yet done,
 *   for the callback queue). `pos` is the seq of the event whose fold first produced the order.
 * - `order_judged`: per order, the questions its fold asked the staff
 *   directory (who held which role at which fold key) with the answers, so a
 *   late staff event re-folds exactly the orders whose answers changed.
 *
 * Both are projections: emptied and filled again by a rebuild.
 */
export const m0008_orders: Migration = {
  version: 8,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        number TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        customer_phone TEXT NOT NULL,
        plate TEXT NOT NULL,
        vin_serial TEXT NOT NULL,
        promised_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        flags INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        released_at TEXT,
        rework_of TEXT,
        follow_up_open INTEGER NOT NULL,
        owner TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_key TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX orders_number ON orders (number);
      CREATE INDEX orders_status ON orders (status, pos);
      CREATE INDEX orders_owner ON orders (owner, pos);
      CREATE INDEX orders_flagged ON orders (pos) WHERE flags > 0;
      CREATE INDEX orders_failures ON orders (failures) WHERE failures >= 3;
      CREATE INDEX orders_rework_of ON orders (rework_of) WHERE rework_of IS NOT NULL;
      CREATE INDEX orders_released ON orders (released_at) WHERE released_at IS NOT NULL;
      CREATE INDEX orders_follow_up ON orders (released_at) WHERE follow_up_open = 1;

      CREATE TABLE order_judged (
        order_pos INTEGER PRIMARY KEY,
        asked TEXT NOT NULL
      ) STRICT;
    `);
  },
};
