/**
 * The desk benchmark's work orders (test/bench/orders.ts) are what the real
 * desk would have written: appended through the bench's bulk path and folded
 * by the real projector, every order comes out without a flag, in the status
 * the generator meant, with its failures, rework link and follow-up call, so
 * `npm run bench:desk -- --orders M` cannot silently time broken data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard, OrderDetail } from '../../shared/contract/methods/orders';
import type { GeneratedOrder } from '../bench/orders';
import { seedBenchOrders } from './bench-orders-fixtures';
import type { TestDesk } from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

async function seededDesk(m: number): Promise<{ t: TestDesk; orders: GeneratedOrder[] }> {
  const seeded = await seedBenchOrders(m, { events: 500, wholeOrders: true });
  t = seeded.t;
  const r = seeded.appended;
  expect(r.rejected).toEqual([]);
  expect(r.accepted).toBe(seeded.orders.reduce((n, o) => n + o.events.length, 0));
  return { t: seeded.t, orders: seeded.orders };
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
