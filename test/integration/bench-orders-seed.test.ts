/**
 * The desk benchmark's work orders (test/bench/orders.ts) are what the real
 * desk would have written: appended through the bench's bulk path and folded
 * by the real projector, every order comes out without a flag, in the status
 * the generator meant, with its failures, rework link and follow-up call, so
 * `npm run bench:desk -- --orders M` cannot silently time broken data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard, OrderDetail } from '../../shared/contract/methods/orders';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import { loadOrderTemplates } from '../../shared/domain/orders/template';
import templatesJson from '../../resources/repair/templates.json';
import { orderGenerator, type GeneratedOrder } from '../bench/orders';
import { openTestDesk, type TestDesk } from './desk-fixtures';

const DAY = 86_400_000;
const SETUP_MS = Date.UTC(2026, 0, 2, 1, 0, 0);

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

async function seededDesk(m: number): Promise<{ t: TestDesk; orders: GeneratedOrder[] }> {
  // The staff exist before the first order, as on the benchmark's desk.
  const desk = await openTestDesk({ now: () => SETUP_MS, sync: false, deadlines: { timers: false } });
  t = desk;
  const create = async (login: string, role: string) =>
    (
      await desk.must<StaffSummary>(
        'staff.create',
        { name: `${role} ${login}`, login, role, secretKind: 'pin', secret: '135790' },
        desk.admin.token,
      )
    ).id;
  const frontDesk = [await create('clerk0', 'counter'), await create('clerk1', 'counter')];
  const lead = await create('lead0', 'lead');
  const qc = await create('qc0', 'qc');
  const gen = orderGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be01',
    deviceCode: '02',
    startMs: SETUP_MS + DAY,
    meanGapMs: 30 * 60_000,
    templates: loadOrderTemplates(templatesJson),
    frontDesk,
    lead,
    qc,
  });
  const orders = Array.from({ length: m }, () => gen.next());
  const batches: unknown[][] = [];
  let batch: unknown[] = [];
  for (const o of orders) {
    batch.push(...o.events);
    if (batch.length >= 500) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  const r = await desk.core.appendEventBatches(batches);
  expect(r.rejected).toEqual([]);
  expect(r.accepted).toBe(orders.reduce((n, o) => n + o.events.length, 0));
  return { t: desk, orders };
}

describe('the desk benchmark seeds work orders the fold accepts', () => {
  it('folds every seeded order without a flag, in the status the generator meant', async () => {
    const { t: desk, orders } = await seededDesk(400);
    // The mix covers the board: every status, failed and reworked orders, rework returns, open callbacks.
    const statuses = new Set(orders.map((o) => o.expect.status));
    expect([...statuses].sort()).toEqual(['awaiting_final', 'in_work', 'open', 'ready', 'released']);
    expect(orders.filter((o) => o.expect.rework).length).toBeGreaterThan(5);
    expect(orders.filter((o) => o.expect.failedInspections > 0).length).toBeGreaterThan(5);
    expect(orders.filter((o) => o.expect.followUpOpen).length).toBeGreaterThan(5);
    expect(orders.filter((o) => o.expect.status === 'released').length).toBeGreaterThan(300);

    for (const o of orders) {
      const d = await desk.must<OrderDetail>('order.get', { orderId: o.orderId }, desk.admin.token);
      const seen = {
        number: d.number,
        status: d.status,
        flags: d.flagList.map((f) => `${f.type} ${f.reason} ${f.detail}`),
        failures: d.failures,
        rework: d.reworkOf !== null,
        pastGate: d.released?.pastGate ?? [],
        gate: d.status === 'released' ? d.gate.missing.map((g) => g.code) : [],
        followUpOpen: d.status === 'released' && d.followUps.length === 0,
      };
      expect(seen).toEqual({
        number: o.number,
        status: o.expect.status,
        flags: [],
        failures: o.expect.failedInspections,
        rework: o.expect.rework,
        pastGate: [],
        gate: o.expect.status === 'released' ? ['already_released'] : [],
        followUpOpen: o.expect.followUpOpen,
      });
      // A rework return's original is a released order of the seed.
      if (d.reworkOfOrder !== null) {
        const original = orders.find((x) => x.orderId === d.reworkOfOrder?.orderId);
        expect(original?.expect.status).toBe('released');
      }
    }

    // The board the benchmark times sees them all.
    const board = await desk.must<OrderBoard>('order.list', { limit: 50 }, desk.admin.token);
    const counted = Object.values(board.counts).reduce((n, c) => n + c.count, 0);
    expect(counted).toBe(orders.length);
    const flagged = await desk.must<OrderBoard>('order.list', { flagged: true }, desk.admin.token);
    expect(flagged.items).toEqual([]);
  });
});
