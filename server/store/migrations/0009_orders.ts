import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Head office's work orders (issue 11; server/store/orders.ts): one row per
 * order of every branch, folded with the shared order fold
 * (shared/domain/orders/fold.ts) against the branch's staff directory, with
 * the columns head office's order list filters and shows: status, the flags
 * (reasons, and the two release conflicts as their own columns), the gate's
 * open gaps and the rework link (`rework_of`, indexed for the reverse link).
 * `state` is the whole OrderState as JSON (the detail and its gate).
 *
 * Filled by the order projector; the projections are rebuilt at start-up (a
 * new projector changes the fold signature), so the table starts empty here.
 */
export const m0009_orders: ServerMigration = {
  version: 9,
  name: 'orders',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `CREATE TABLE orders (
        id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        number ${t.text} NOT NULL,
        kind ${t.text} NOT NULL,
        status ${t.text} NOT NULL,
        customer_name ${t.text} NOT NULL,
        customer_phone ${t.text} NOT NULL,
        plate ${t.text} NOT NULL,
        vin_or_serial ${t.text} NOT NULL,
        owner ${t.text} NOT NULL,
        received_at ${t.text} NOT NULL,
        promised_at ${t.text} NOT NULL,
        opened_hlc ${t.key} NOT NULL,
        last_hlc ${t.key} NOT NULL,
        released_hlc ${t.key},
        rework_of ${t.key},
        rework_of_number ${t.text},
        items ${t.int32} NOT NULL,
        failed_inspections ${t.int32} NOT NULL,
        flag_count ${t.int32} NOT NULL,
        flag_reasons ${t.text} NOT NULL,
        past_failure ${t.int32} NOT NULL,
        failed_after_release ${t.int32} NOT NULL,
        gate_gaps ${t.int32} NOT NULL,
        search_text ${t.text} NOT NULL,
        state ${t.text} NOT NULL,
        updated_at ${t.int64} NOT NULL
      )${t.strict}`,
      `CREATE INDEX orders_opened ON orders (opened_hlc, id)`,
      `CREATE INDEX orders_branch_opened ON orders (branch, opened_hlc, id)`,
      `CREATE INDEX orders_branch_last ON orders (branch, last_hlc)`,
      `CREATE INDEX orders_rework_of ON orders (rework_of)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
