/**
 * The order board's text filter reads its candidates from the gram index
 * `order_search` (desk migration 0010, electron/desk/features/orders/search.ts)
 * and re-checks them with the LIKE it always had: on 300 orders of the desk
 * benchmark's generator (test/bench/orders.ts) every page, cursor and count is
 * exactly what the plain LIKE scan over the `orders` rows gives, for CJK terms
 * of one and two characters, a phone tail, a plate, a whole number, a prefix
 * every order has, mixed case, several terms, LIKE's own wildcards and other
 * filters with the text. After a rebuild too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard } from '../../shared/contract/methods/orders';
import { ORDER_STATUSES } from '../../shared/contract/methods/orders';
import { ORDER_COUNT_CAP } from '../../electron/desk/features/orders/queries';
import type { GeneratedOrder } from '../bench/orders';
import { seedBenchOrders } from './bench-orders-fixtures';
import { readDeskDb, type TestDesk } from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

async function seededDesk(m: number): Promise<{ t: TestDesk; orders: GeneratedOrder[]; lead: string }> {
  // Small batches: most orders are written more than once (status changes rewrite their documents).
  const seeded = await seedBenchOrders(m, { events: 97, wholeOrders: false });
  t = seeded.t;
  expect(seeded.appended.rejected).toEqual([]);
  return { t: seeded.t, orders: seeded.orders, lead: seeded.frontDesk[0] as string };
}

interface Filters {
  text: string;
  status?: string;
  owner?: string;
  rework?: boolean;
  kind?: string;
  flagged?: boolean;
}

/** The board as the plain LIKE scan gives it: every matching order id newest first, and the capped counts. */
function likeScan(dir: string, f: Filters): { ids: string[]; counts: Record<string, number> } {
  return readDeskDb(dir, (db) => {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cond = `(number LIKE @like ESCAPE '\\' OR customer_name LIKE @like ESCAPE '\\' OR customer_phone LIKE @like ESCAPE '\\'
      OR plate LIKE @like ESCAPE '\\' OR vin_serial LIKE @like ESCAPE '\\')
      AND (@owner IS NULL OR owner = @owner) AND (@rework IS NULL OR (rework_of IS NOT NULL) = @rework)
      AND (@kind IS NULL OR kind = @kind) AND (@flagged IS NULL OR (flags > 0) = @flagged)`;
    const bool = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
    const args = {
      like,
      owner: f.owner ?? null,
      rework: bool(f.rework),
      kind: f.kind ?? null,
      flagged: bool(f.flagged),
    };
    const rows = db.prepare(`SELECT id, status FROM orders WHERE ${cond} ORDER BY pos DESC`).all(args) as {
      id: string;
      status: string;
    }[];
    const counts = Object.fromEntries(
      ORDER_STATUSES.map((s) => [s, Math.min(rows.filter((r) => r.status === s).length, ORDER_COUNT_CAP)]),
    );
    const ids = rows.filter((r) => f.status === undefined || r.status === f.status).map((r) => r.id);
    return { ids, counts };
  });
}

/** Every page of the board through order.list (pages of 7), and the first page's counts. */
async function board(desk: TestDesk, f: Filters): Promise<{ ids: string[]; counts: Record<string, number> }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let counts: Record<string, number> | null = null;
  do {
    const page: OrderBoard = await desk.must<OrderBoard>(
      'order.list',
      { ...f, limit: 7, ...(cursor !== null ? { cursor } : {}) },
      desk.admin.token,
    );
    ids.push(...page.items.map((i) => i.id));
    counts ??= Object.fromEntries(Object.entries(page.counts).map(([s, c]) => [s, c.count]));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { ids, counts: counts };
}

describe('the order board text filter (order_search)', () => {
  it('lists exactly what the LIKE scan lists, page by page, with the same counts, also after a rebuild', async () => {
    const { t: desk, orders, lead } = await seededDesk(300);
    const names = readDeskDb(
      desk.dir,
      (db) =>
        db.prepare('SELECT customer_name, vin_serial FROM orders').all() as {
          customer_name: string;
          vin_serial: string;
        }[],
    );
    const name = names.find((n) => [...n.customer_name].length >= 2)?.customer_name ?? '王伟';
    const vin = names.find((n) => n.vin_serial.length >= 6)?.vin_serial ?? '';
    const sample = orders[137] as GeneratedOrder;
    const plate = orders.find((o) => o.plate !== '')?.plate ?? '';
    expect(plate).not.toBe('');
    const queries: Filters[] = [
      { text: '王' }, // CJK, one character
      { text: [...name][0] as string },
      { text: [...name].slice(0, 2).join('') }, // CJK, two characters
      { text: name },
      { text: sample.phone.slice(-4) }, // a phone tail
      { text: sample.phone },
      { text: plate },
      { text: plate.toLowerCase() }, // LIKE folds ASCII case
      { text: plate.slice(-3) },
      { text: sample.number }, // a whole number
      { text: sample.number.toLowerCase() },
      { text: 'WO-' }, // a prefix every order has
      { text: 'WO-GZ' },
      { text: 'O' },
      { text: '0' },
      { text: vin.slice(-6) },
      { text: `${[...name][0] as string} ${sample.phone.slice(-2)}` }, // two terms: the LIKE wants them together
      { text: 'WO-GZ01-2026' }, // another device's prefix: nothing
      { text: '%' }, // LIKE's wildcards are literal text
      { text: '_' },
      { text: '张三丰不存在' },
      { text: 'WO-', status: 'released' },
      { text: '王', status: 'in_work' },
      { text: 'WO-', owner: lead },
      { text: 'WO-', rework: true },
      { text: '王', rework: false },
      { text: 'WO-', kind: 'car_repair' },
      { text: 'WO-', kind: 'device_repair', status: 'released' },
      { text: 'WO-', flagged: true },
      { text: 'WO-', flagged: false, status: 'released' },
      { text: sample.phone.slice(-4), status: sample.expect.status },
    ];
    const check = async () => {
      for (const f of queries) {
        const want = likeScan(desk.dir, f);
        expect(await board(desk, f), JSON.stringify(f)).toEqual(want);
      }
    };
    await check();
    // The queries are not vacuous: some find a few orders, some most, some none.
    const sizes = queries.map((f) => likeScan(desk.dir, f).ids.length);
    expect(sizes.filter((n) => n === 0).length).toBeGreaterThanOrEqual(3);
    expect(sizes.filter((n) => n > 0 && n < 20).length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBe(300);
    // Each order's status token is its current status (documents are rewritten when it changes).
    const byToken = () =>
      readDeskDb(desk.dir, (db) =>
        ORDER_STATUSES.map((s) => [
          db
            .prepare('SELECT count(*) FROM order_search WHERE order_search MATCH ?')
            .pluck()
            .get(`"s${s.replace(/_/g, '')}"`) as number,
          db.prepare('SELECT count(*) FROM orders WHERE status = ?').pluck().get(s) as number,
        ]),
      );
    for (const [indexed, rows] of byToken()) expect(indexed).toBe(rows);
    desk.core.rebuild();
    for (const [indexed, rows] of byToken()) expect(indexed).toBe(rows);
    await check();
  }, 120_000);
});
