/**
 * A desk seeded with the desk benchmark's work orders (test/bench/orders.ts)
 * through the bulk path, as `npm run bench:desk -- --orders M` seeds them:
 * the staff first (two counter clerks, a team lead, a QC inspector), then
 * the generator's orders in batches. Shared by the tests that check the seed
 * itself and those that use it as a corpus.
 */
import type { AppendEventsResult } from '../../electron/desk/kernel/desk';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import { loadOrderTemplates } from '../../shared/domain/orders/template';
import templatesJson from '../../resources/repair/templates.json';
import { orderGenerator, type GeneratedOrder } from '../bench/orders';
import { openTestDesk, type TestDesk } from './desk-fixtures';

const DAY = 86_400_000;
/** The desk's clock while it is seeded; the first order a day later. */
export const SEED_SETUP_MS = Date.UTC(2026, 0, 2, 1, 0, 0);

export interface BenchOrdersDesk {
  t: TestDesk;
  orders: GeneratedOrder[];
  /** The two counter clerks' staff ids (the orders' owners). */
  frontDesk: string[];
  /** What the bulk path answered: every batch's accepted and rejected events. */
  appended: AppendEventsResult;
}

/**
 * A test desk with `m` generated orders appended. `batch`: how many events a
 * batch holds at least before it is closed, and whether a batch ends only
 * between whole orders (`wholeOrders`, as the benchmark batches) or anywhere
 * (an order's events split across batches, so its documents are rewritten).
 * The caller closes `t`.
 */
export async function seedBenchOrders(
  m: number,
  batch: { events: number; wholeOrders: boolean },
): Promise<BenchOrdersDesk> {
  // The staff exist before the first order, as on the benchmark's desk.
  const t = await openTestDesk({ now: () => SEED_SETUP_MS, sync: false, deadlines: { timers: false } });
  const create = async (login: string, role: string) =>
    (
      await t.must<StaffSummary>(
        'staff.create',
        { name: `${role} ${login}`, login, role, secretKind: 'pin', secret: '135790' },
        t.admin.token,
      )
    ).id;
  const frontDesk = [await create('clerk0', 'counter'), await create('clerk1', 'counter')];
  const lead = await create('lead0', 'lead');
  const qc = await create('qc0', 'qc');
  const gen = orderGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be01',
    deviceCode: '02',
    startMs: SEED_SETUP_MS + DAY,
    meanGapMs: 30 * 60_000,
    templates: loadOrderTemplates(templatesJson),
    frontDesk,
    lead,
    qc,
  });
  const orders = Array.from({ length: m }, () => gen.next());
  const batches: unknown[][] = [];
  let current: unknown[] = [];
  const close = () => {
    if (current.length >= batch.events) {
      batches.push(current);
      current = [];
    }
  };
  for (const o of orders) {
    for (const e of o.events) {
      current.push(e);
      if (!batch.wholeOrders) close();
    }
    if (batch.wholeOrders) close();
  }
  if (current.length > 0) batches.push(current);
  const appended = await t.core.appendEventBatches(batches);
  return { t, orders, frontDesk, appended };
}
