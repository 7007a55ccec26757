/**
 * Issue 14 (repair KPIs): the `order_facts` row of a work order (desk
 * migration 0024; docs/analysis.md "Repair KPIs", decision 0044), written by
 * the order projector whenever it writes the order row, from the one shared
 * function every replica uses (`orderFacts`,
 * shared/domain/analysis/orderFacts.ts) under the shared column names.
 *
 * - The row's rowid is the order's `orders.pos`, so a rebuild, whatever its
 *   chunks, puts every row where the incremental path did.
 * - First-time fix depends on the order's rework returns, which are other
 *   orders: the facts read them from the `orders` rows (index
 *   `orders_rework_of`), and writing a rework return writes its original's
 *   facts again (`writeOriginal`). Whichever of the two a batch writes
 *   first, the original's row ends with every return the table holds.
 */
import type Database from 'better-sqlite3';
import { ORDER_FACT_COLUMNS, orderFacts, orderFactsRow } from '../../../../shared/domain/analysis/orderFacts';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import type { OrderState } from '../../../../shared/domain/orders/state';

export interface OrderFactsWriter {
  /** Writes the facts row of the order at `pos` (after its order row is written). */
  write(pos: number, orderId: string, state: OrderState): void;
  /** Writes again the facts of the order `orderId` from its stored row (a rework return of it was written). */
  writeOriginal(orderId: string): void;
}

const COLUMNS = Object.values(ORDER_FACT_COLUMNS);

export function orderFactsWriter(s: Database.Database, settingsAt?: SettingsAt): OrderFactsWriter {
  const st = {
    returns: s.prepare('SELECT received_at FROM orders WHERE rework_of = ?').pluck() as Database.Statement<
      [string],
      string
    >,
    stored: s.prepare('SELECT pos, state FROM orders WHERE id = ?') as Database.Statement<
      [string],
      { pos: number; state: string }
    >,
    upsert: s.prepare(
      `INSERT INTO order_facts (rowid, order_id, ${COLUMNS.join(', ')})
       VALUES (@pos, @order_id, ${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (order_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
  };
  const write = (pos: number, orderId: string, state: OrderState) => {
    const facts = orderFacts(state, settingsAt, { returnsReceivedAt: st.returns.all(orderId) });
    st.upsert.run({ ...orderFactsRow(facts), pos, order_id: orderId });
  };
  return {
    write,
    writeOriginal(orderId) {
      const row = st.stored.get(orderId);
      if (row) write(row.pos, orderId, JSON.parse(row.state) as OrderState);
    },
  };
}
