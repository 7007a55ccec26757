import type { Migration } from './types';

/**
 * Issue 14 item 3 (repair KPIs; docs/analysis.md "Repair KPIs", decision
 * 0044).
 *
 * `order_facts`: one row per work order, its facts
 * (shared/domain/analysis/orderFacts.ts) under the shared column names
 * (ORDER_FACT_COLUMNS: text or integer, NOT NULL as ORDER_NOT_NULL_COLUMNS
 * says; a unit test holds this table to that list). The order projector
 * writes it with every order row (electron/desk/features/orders/facts.ts),
 * its rowid the order's `orders.pos`, so a rebuild gives the same rows in the
 * same places; `analysis.run` counts the repair KPIs from it.
 *
 * Written out column by column: a released migration never changes.
 *
 * The KPIs read a range of receipt days or of release days: one index each.
 * The order projection's version goes up with this migration
 * (ORDER_PROJECTION_VERSION 4), so the rows are filled by the rebuild at the
 * next open.
 *
 * Numbered by merge order (issue 14 tables were written at the same time).
 */
export const m0024_order_facts: Migration = {
  version: 24,
  name: 'order_facts',
  up(db) {
    db.exec(`
      CREATE TABLE order_facts (
        order_id TEXT PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        received_day TEXT NOT NULL,
        kind TEXT NOT NULL,
        owner TEXT NOT NULL,
        status TEXT NOT NULL,
        rework INTEGER NOT NULL,
        promised_ms INTEGER NOT NULL,
        released_ms INTEGER,
        released_day TEXT,
        on_time INTEGER,
        first_time_fix INTEGER,
        follow_up_due_ms INTEGER,
        callback_in_time INTEGER,
        qc_failures INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX order_facts_received ON order_facts (received_day);
      CREATE INDEX order_facts_released ON order_facts (released_day);
    `);
  },
};
