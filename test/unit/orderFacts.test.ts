/**
 * Issue 14 repair KPIs: one work order's facts (shared/domain/analysis/
 * orderFacts.ts) hand-worked for orders written as events and folded —
 * released on time and late, a rework return within the window and one
 * after it, QC failed twice then passed, the follow-up call reached on day 1,
 * day 2 and day 4 (and on day 3 in the afternoon, in time on the branch
 * calendar only) — then the KPIs (shared/domain/analysis/repair.ts) over
 * those rows on SQLite through the desk's own migration, equal to the
 * hand-computed ones and to the shop's `order.kpis` (orderKpis) of the same
 * period.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { m0024_order_facts } from '../../electron/desk/db/migrations/0024_order_facts';
import {
  ORDER_FACT_COLUMNS,
  ORDER_NOT_NULL_COLUMNS,
  ORDER_TEXT_COLUMNS,
  orderFacts,
  orderFactsRow,
  type OrderFactColumn,
  type OrderFacts,
} from '../../shared/domain/analysis/orderFacts';
import { compileOrderGrouping, readOrderRow, repairKpis } from '../../shared/domain/analysis/repair';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldOrder } from '../../shared/domain/orders/fold';
import { DAY_MS, orderKpis } from '../../shared/domain/orders/kpis';
import type { OrderState } from '../../shared/domain/orders/state';
import { EMPTY_SETTINGS, settingsAt } from '../../shared/domain/settings/fold';
import { BRAKES, directory, item, OIL, OrderWriter, readyOrder, sig, T0 } from './order-fixtures';

const MIN = 60_000;
const DAY = 24 * 60; // minutes
const dir = directory();
const id = (n: number) => `0193a1b2-c3d4-7e5f-8a9b-0000000001${String(n).padStart(2, '0')}`;
const iso = (min: number) => new Date(T0 + min * MIN).toISOString();
const at = (min: number) => T0 + min * MIN;

function fold(events: EventEnvelope[]): OrderState {
  const s = foldOrder(events, dir);
  if (!s) throw new Error('no order');
  return s;
}

function followUp(w: OrderWriter, min: number, outcome: 'reached' | 'no_answer') {
  const reached = outcome === 'reached';
  return w.ev(
    'order.followed_up',
    {
      at: iso(min),
      outcome,
      reachedWho: reached ? '本人' : '',
      satisfaction: reached ? 5 : null,
      comment: '',
    },
    min,
  );
}

function reworkReturn(w: OrderWriter, of: OrderWriter, min: number) {
  return w.opened([item(9, { title: '刹车异响', origin: 'rework', safety: true })], min, {
    number: `WO-GZ01-20261130-01${w.orderId.slice(-2)}`,
    reworkOf: { orderId: of.orderId, number: 'WO-GZ01-20261130-0001', releasedAt: iso(120) },
  });
}

// A: promised at +480 min, released at 110 (on time), reached the next day.
const wA = new OrderWriter(id(1));
const A = fold([...readyOrder(wA), wA.release(110), followUp(wA, 110 + DAY, 'reached')]);
// B: promised at +100, released at 120 (late), never reached; back 5 days later (C, within the window).
const wB = new OrderWriter(id(2));
const B = fold([
  wB.opened([BRAKES, OIL], 0, { promisedAt: iso(100) }),
  ...readyOrder(wB).slice(1),
  wB.release(120),
]);
const wC = new OrderWriter(id(3));
const C = fold([reworkReturn(wC, wB, 5 * DAY)]);
// D: released at 130; no answer on day 1, reached on day 4 (late); back after 36 days (E, outside the window).
const wD = new OrderWriter(id(4));
const D = fold([
  ...readyOrder(wD),
  wD.release(130),
  followUp(wD, 130 + DAY, 'no_answer'),
  followUp(wD, 130 + 4 * DAY, 'reached'),
]);
const wE = new OrderWriter(id(5));
const E = fold([reworkReturn(wE, wD, 36 * DAY)]);
// Q: the brakes' process check failed twice, passed the third time; released at 140, reached on day 2.
const wQ = new OrderWriter(id(6));
const Q = fold([
  wQ.opened([BRAKES, OIL], 0),
  wQ.start(BRAKES, 10),
  wQ.start(OIL, 11),
  wQ.finish(BRAKES, 20),
  wQ.finish(OIL, 21),
  wQ.inspect('self', BRAKES, 'pass', [sig('lead', 'lead', 22)], 22),
  wQ.inspect('process', BRAKES, 'fail', [sig('lead', 'lead', 23), sig('qc', 'qc', 23)], 23),
  wQ.start(BRAKES, 30),
  wQ.finish(BRAKES, 40),
  wQ.inspect('self', BRAKES, 'pass', [sig('lead', 'lead', 41)], 41),
  wQ.inspect('process', BRAKES, 'fail', [sig('lead', 'lead', 42), sig('qc', 'qc', 42)], 42),
  wQ.start(BRAKES, 50),
  wQ.finish(BRAKES, 60),
  ...wQ.signedChain(BRAKES, 70),
  ...wQ.signedChain(OIL, 80),
  wQ.reconcile(
    [
      { itemId: BRAKES.itemId, name: '刹车片', qty: 1, unitFen: 38_000 },
      { itemId: OIL.itemId, name: '机油', qty: 4, unitFen: 6_000 },
    ],
    90,
  ),
  ...wQ.deskChecks(100),
  wQ.release(140),
  followUp(wQ, 140 + 2 * DAY, 'reached'),
]);

const ALL = [A, B, C, D, E, Q];
/** The rework returns' receipts by the order they return. */
const returnsOf = (s: OrderState) => ({
  returnsReceivedAt: ALL.filter((o) => o.reworkOf?.orderId === s.id).map((o) => o.receivedAt),
});

const released = (min: number, promisedMin = 480) => ({
  receivedMs: T0,
  receivedDay: '2026-11-30',
  kind: 'car_repair',
  owner: A.owner,
  status: 'released',
  rework: 0 as const,
  promisedMs: at(promisedMin),
  releasedMs: at(min),
  releasedDay: '2026-11-30',
  onTime: (min <= promisedMin ? 1 : 0) as 0 | 1,
  followUpDueMs: at(min) + 3 * DAY_MS,
});

describe('orderFacts', () => {
  it('the fixture folds without flags', () => {
    for (const s of ALL) expect(s.flags).toEqual([]);
    expect(Q.failedInspections).toBe(2);
  });

  it('gives each order its hand-worked facts (no branch settings: UTC days, due 3 × 24 h after release)', () => {
    const f = (s: OrderState) => orderFacts(s, undefined, returnsOf(s));
    expect(f(A)).toEqual<OrderFacts>({ ...released(110), firstTimeFix: 1, callbackInTime: 1, qcFailures: 0 });
    // Late, back within the window, never reached.
    expect(f(B)).toEqual<OrderFacts>({
      ...released(120, 100),
      firstTimeFix: 0,
      callbackInTime: null,
      qcFailures: 0,
    });
    // Back after 36 days: still fixed the first time; reached on day 4: late.
    expect(f(D)).toEqual<OrderFacts>({ ...released(130), firstTimeFix: 1, callbackInTime: 0, qcFailures: 0 });
    expect(f(Q)).toEqual<OrderFacts>({ ...released(140), firstTimeFix: 1, callbackInTime: 1, qcFailures: 2 });
    // A rework return not released yet: a return, not a fix; nothing judged.
    expect(f(C)).toEqual<OrderFacts>({
      receivedMs: at(5 * DAY),
      receivedDay: '2026-12-05',
      kind: 'car_repair',
      owner: C.owner,
      status: C.status,
      rework: 1,
      promisedMs: at(5 * DAY + 480),
      releasedMs: null,
      releasedDay: null,
      onTime: null,
      firstTimeFix: null,
      followUpDueMs: null,
      callbackInTime: null,
      qcFailures: 0,
    });
    // Without its returns known, B is a first-time fix: the replica must pass them.
    expect(orderFacts(B).firstTimeFix).toBe(1);
  });

  it('reads days and the follow-up due time on the branch calendar (Shanghai, end of the working day)', () => {
    const shanghai = (ms: number) => settingsAt(EMPTY_SETTINGS, ms);
    // Released Monday 10:50 in Shanghai: due Thursday at the end of the working day, 17:30 (09:30Z).
    const due = Date.parse('2026-12-03T09:30:00Z');
    expect(orderFacts(A, shanghai).followUpDueMs).toBe(due);
    // Reached on day 3 at 14:50 in Shanghai: in time on the calendar, late by 72 hours.
    const wL = new OrderWriter(id(7));
    const L = fold([...readyOrder(wL), wL.release(110), followUp(wL, 110 + 3 * DAY + 4 * 60, 'reached')]);
    expect(orderFacts(L, shanghai).callbackInTime).toBe(1);
    expect(orderFacts(L).callbackInTime).toBe(0);
    // Received at 01:00 in Shanghai on 1 December (17:00Z the day before).
    const wN = new OrderWriter(id(8));
    const N = fold([wN.opened([OIL], 16 * 60)]);
    expect(orderFacts(N, shanghai).receivedDay).toBe('2026-12-01');
    expect(orderFacts(N).receivedDay).toBe('2026-11-30');
  });

  it('holds the shared column names the migration creates', () => {
    const db = new Database(':memory:');
    m0024_order_facts.up(db);
    const info = db.prepare('PRAGMA table_info(order_facts)').all() as {
      name: OrderFactColumn;
      type: string;
      notnull: number;
    }[];
    expect(info.map((c) => c.name)).toEqual(['order_id', ...Object.values(ORDER_FACT_COLUMNS)]);
    for (const c of info.slice(1)) {
      expect([c.name, c.type]).toEqual([c.name, ORDER_TEXT_COLUMNS.has(c.name) ? 'TEXT' : 'INTEGER']);
      expect([c.name, c.notnull]).toEqual([c.name, ORDER_NOT_NULL_COLUMNS.has(c.name) ? 1 : 0]);
    }
    db.close();
  });
});

describe('repairKpis', () => {
  const db = new Database(':memory:');
  m0024_order_facts.up(db);
  const insert = db.prepare(
    `INSERT INTO order_facts (order_id, ${Object.values(ORDER_FACT_COLUMNS).join(', ')})
     VALUES (@order_id, ${Object.values(ORDER_FACT_COLUMNS)
       .map((c) => `@${c}`)
       .join(', ')})`,
  );
  for (const s of ALL)
    insert.run({ order_id: s.id, ...orderFactsRow(orderFacts(s, undefined, returnsOf(s))) });
  const run = (g: Parameters<typeof compileOrderGrouping>[0]) => {
    const { sql, params } = compileOrderGrouping(g, 'sqlite');
    return readOrderRow(g, db.prepare(sql).get(...params) as Record<string, unknown> | undefined);
  };
  const PERIOD = { fromDay: '2026-11-30', toDay: '2027-01-01' };

  it('gives the hand-computed KPIs of a period', async () => {
    const k = await repairKpis(run, PERIOD, { nowMs: T0 + 40 * DAY_MS });
    expect(k).toEqual({
      // A, B, D, Q and the return C (E came on 5 January).
      received: 5,
      released: 4,
      // A, D (back after 36 days) and Q; not B (back after 5).
      firstTimeFix: { yes: 3, known: 4, rate: 3 / 4, windowDays: 30 },
      // B late.
      onTimeDelivery: { yes: 3, known: 4, rate: 3 / 4 },
      // Every call due by now: A (day 1) and Q (day 2) in time, D (day 4) late, B never reached.
      callbackWithin3Days: { yes: 2, known: 4, rate: 2 / 4, pending: 0 },
      qcFailures: { count: 2, perOrder: 2 / 5, orders: 1, alerted: 0 },
      reworkReturns: { count: 1, rate: 1 / 4 },
    });
  });

  it('equals the shop’s own order.kpis of the same period', async () => {
    const nowMs = T0 + 40 * DAY_MS;
    const k = await repairKpis(run, PERIOD, { nowMs });
    const shop = orderKpis(
      ALL,
      [],
      { fromMs: Date.parse('2026-11-30'), toMs: Date.parse('2027-01-01') },
      { nowMs },
    );
    expect(k?.released).toBe(shop.released);
    expect([k?.firstTimeFix.yes, k?.firstTimeFix.known]).toEqual([
      shop.firstTimeFix.numerator,
      shop.firstTimeFix.denominator,
    ]);
    expect([k?.onTimeDelivery.yes, k?.onTimeDelivery.known]).toEqual([
      shop.onTimeDelivery.numerator,
      shop.onTimeDelivery.denominator,
    ]);
    expect([
      k?.callbackWithin3Days.yes,
      k?.callbackWithin3Days.known,
      k?.callbackWithin3Days.pending,
    ]).toEqual([shop.followUpInTime.numerator, shop.followUpInTime.denominator, shop.followUpInTime.pending]);
  });

  it('leaves calls not yet due pending, and has no KPIs for a period without an order', async () => {
    // Two days after: no call is due yet (A's reached call is not judged before its due time either).
    const early = await repairKpis(run, PERIOD, { nowMs: T0 + 2 * DAY_MS });
    expect(early?.callbackWithin3Days).toEqual({ yes: 0, known: 0, rate: null, pending: 4 });
    // 5 January: only E received; nothing released: rates unknown, never 0.
    const jan = await repairKpis(
      run,
      { fromDay: '2027-01-01', toDay: '2027-02-01' },
      { nowMs: T0 + 40 * DAY_MS },
    );
    expect(jan).toMatchObject({
      received: 1,
      released: 0,
      firstTimeFix: { rate: null },
      onTimeDelivery: { rate: null },
      reworkReturns: { count: 1, rate: null },
    });
    expect(await repairKpis(run, { fromDay: '2026-01-01', toDay: '2026-02-01' }, { nowMs: T0 })).toBeNull();
  });

  it('compiles one statement per engine, values as parameters, and refuses a bad grouping', () => {
    const g = {
      on: 'released' as const,
      fromDay: '2026-11-01',
      toDay: '2026-12-01',
      branch: 'GZ01',
      measures: { due: { kind: 'dueBy' as const, nowMs: 5 }, orders: { kind: 'count' as const } },
    };
    expect(compileOrderGrouping(g, 'postgres')).toEqual({
      sql:
        'SELECT count(CASE WHEN follow_up_due_ms <= $1 THEN 1 END) AS "due", count(*) AS "orders" FROM order_facts' +
        ' WHERE released_day >= $2 AND released_day < $3 AND branch = $4',
      params: [5, '2026-11-01', '2026-12-01', 'GZ01'],
    });
    expect(compileOrderGrouping(g, 'sqlite').sql).toContain('follow_up_due_ms <= ? ');
    expect(() => compileOrderGrouping({ ...g, toDay: '2026-11-01' }, 'sqlite')).toThrow(/empty/);
    expect(() =>
      compileOrderGrouping({ ...g, measures: { 'x; DROP': { kind: 'count' } } }, 'sqlite'),
    ).toThrow();
    expect(() =>
      compileOrderGrouping({ ...g, measures: { n: { kind: 'dueBy', nowMs: 1.5 } } }, 'sqlite'),
    ).toThrow(/integers/);
  });
});
