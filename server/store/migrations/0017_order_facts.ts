import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 14 item 3, repair KPIs (docs/analysis.md "Repair KPIs", decision
 * 0044): one `order_facts` row per work order at head office, the very
 * columns every desk keeps (shared/domain/analysis/orderFacts.ts,
 * ORDER_FACT_COLUMNS) plus the order's `branch`, written by the order
 * projector (server/store/orderFacts.ts) in the transaction that writes the
 * order row. The KPIs read a period of receipt days and one of release days,
 * for one branch or all: hence the four indexes.
 *
 * Written out column by column: a released migration never changes. The
 * order projection's version goes up with it (ORDER_ROW_VERSION 2), so the
 * rows of the orders already stored are filled by the rebuild at the next
 * start. Numbered by merge order (issue 14 tables were written at the same
 * time).
 */
export const m0017_order_facts: ServerMigration = {
  version: 17,
  name: 'order_facts',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `CREATE TABLE order_facts (
        order_id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        received_ms ${t.int64} NOT NULL,
        received_day ${t.key} NOT NULL,
        kind ${t.key} NOT NULL,
        owner ${t.key} NOT NULL,
        status ${t.key} NOT NULL,
        rework ${t.int32} NOT NULL,
        promised_ms ${t.int64} NOT NULL,
        released_ms ${t.int64},
        released_day ${t.key},
        on_time ${t.int32},
        first_time_fix ${t.int32},
        follow_up_due_ms ${t.int64},
        callback_in_time ${t.int32},
        qc_failures ${t.int32} NOT NULL
      )${t.strict}`,
      `CREATE INDEX order_facts_received ON order_facts (received_day)`,
      `CREATE INDEX order_facts_released ON order_facts (released_day)`,
      `CREATE INDEX order_facts_branch_received ON order_facts (branch, received_day)`,
      `CREATE INDEX order_facts_branch_released ON order_facts (branch, released_day)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
