/**
 * Head office's `order_facts` rows (issue 14 repair KPIs; docs/analysis.md
 * "Repair KPIs", decision 0044): for every order the projector writes, the
 * facts row of shared/domain/analysis/orderFacts.ts (the function every desk
 * runs) with the order's branch, in the same transaction as the order row,
 * with the branch's settings in force (days and the follow-up call's due
 * time on the branch calendar).
 *
 * First-time fix depends on an order's rework returns, which are other
 * orders: the facts read them from the `orders` rows (index
 * `orders_rework_of`), and writing a rework return writes its original's
 * facts again, so whichever arrives first the original ends right.
 *
 * `runOrderGrouping` runs a repair grouping (shared/domain/analysis/repair.ts)
 * compiled for the store's engine: what the analysis's `orders` source is.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { ORDER_FACT_COLUMNS, orderFacts, orderFactsRow } from '../../shared/domain/analysis/orderFacts';
import { compileOrderGrouping, readOrderRow, type OrderGrouping } from '../../shared/domain/analysis/repair';
import type { OrderState } from '../../shared/domain/orders/state';
import { settingsAt } from '../../shared/domain/settings/fold';
import type { StoreContext } from './context';
import { chunks } from './projectors';
import type { OrderFactsTable, ServerDB } from './schema';
import { storedBranchSettings } from './settings';

/** Columns an upsert replaces: every fact and the branch. */
const UPDATED = ['branch', ...Object.values(ORDER_FACT_COLUMNS)] as const;

/** Writes the facts rows of `states` (their order rows already written in this transaction) and of their originals. */
export async function writeOrderFacts(tx: Kysely<ServerDB>, states: readonly OrderState[]): Promise<void> {
  if (states.length === 0) return;
  const all = new Map(states.map((s) => [s.id, s]));
  const originals = [...new Set(states.flatMap((s) => (s.reworkOf ? [s.reworkOf.orderId] : [])))].filter(
    (id) => !all.has(id),
  );
  for (const part of chunks(originals)) {
    const rows = await tx.selectFrom('orders').select(['id', 'state']).where('id', 'in', part).execute();
    for (const r of rows) all.set(r.id, JSON.parse(r.state) as OrderState);
  }
  const returns = new Map<string, string[]>();
  for (const part of chunks([...all.keys()])) {
    const rows = await tx
      .selectFrom('orders')
      .select(['rework_of', 'received_at'])
      .where('rework_of', 'in', part)
      .execute();
    for (const r of rows) {
      if (r.rework_of !== null)
        returns.set(r.rework_of, [...(returns.get(r.rework_of) ?? []), r.received_at]);
    }
  }
  const settings = await storedBranchSettings(
    tx,
    [...all.values()].map((s) => s.branch),
  );
  const rows: OrderFactsTable[] = [...all.values()].map((s) => {
    const branch = settings.get(s.branch);
    const at = branch ? (ms: number) => settingsAt(branch, ms) : undefined;
    return {
      order_id: s.id,
      branch: s.branch,
      ...(orderFactsRow(orderFacts(s, at, { returnsReceivedAt: returns.get(s.id) ?? [] })) as Omit<
        OrderFactsTable,
        'order_id' | 'branch'
      >),
    };
  });
  // 16 parameters a row: 50 rows stay far below either engine's limit.
  for (const part of chunks(rows, 50)) {
    await tx
      .insertInto('order_facts')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('order_id')
          .doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/** Deletes every facts row (a rebuild writes them again). */
export async function clearOrderFacts(tx: Kysely<ServerDB>): Promise<void> {
  await tx.deleteFrom('order_facts').execute();
}

/** Runs one repair grouping on the store's engine (one row of totals). */
export async function runOrderGrouping(
  c: Pick<StoreContext, 'db' | 'engine'>,
  g: OrderGrouping,
): Promise<Record<string, number>> {
  const compiled = compileOrderGrouping(g, c.engine);
  const result = await c.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(compiled.sql, compiled.params),
  );
  return readOrderRow(g, result.rows[0]);
}
