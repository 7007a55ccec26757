/**
 * Issue 14 repair KPIs at the desk: work orders taken through DeskApi on a
 * desk whose clock the test sets (released on time and late, a rework return
 * within the window, QC failed twice then passed, follow-up calls reached on
 * day 1, day 2 and late), then `analysis.run`'s `repair` equal to the
 * hand-computed KPIs and to the shop's own `order.kpis` of the month; the
 * `order_facts` rows the order projector keeps (migration 0024) are the same
 * after a rebuild; a month without orders, and a case filter, say the KPIs
 * are not recorded rather than 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import type { OrderKpisView } from '../../shared/contract/methods/orderReports';
import { ORDER_FACT_COLUMNS } from '../../shared/domain/analysis/orderFacts';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import { readDeskDb, type TestDesk } from './desk-fixtures';
import {
  deskSide,
  inspect,
  openCarOrder,
  readingsFor,
  work,
  workAndPass,
  type Person,
  type Shop,
  clockedShop,
  passAll,
  recordFollowUp,
} from './desk-orders-fixtures';

/** A local time in the branch's zone (Asia/Shanghai). */
const at = (local: string) => new Date(`${local}:00+08:00`).toISOString();
const SLOW = 240_000;
const MARCH = { fromDay: '2026-03-01', toDay: '2026-04-01' };

interface Rig {
  s: Shop;
  set(local: string): Promise<void>;
}

async function rig(start: string): Promise<Rig> {
  const c = await clockedShop(Date.parse(at(start)));
  const people: Person[] = [c.s.clerk, c.s.boss];
  return { s: c.s, set: (local) => c.set(Date.parse(at(local)), people) };
}

const followUp = (s: Shop, orderId: string, outcome: 'reached' | 'no_answer') =>
  recordFollowUp(s, s.clerk, orderId, outcome);

function factsRows(t: TestDesk) {
  return readDeskDb(t.dir, (db) =>
    db.prepare('SELECT rowid AS _rowid, * FROM order_facts ORDER BY rowid').all(),
  );
}

/**
 * March 2026, all received on the 2nd at 09:00 and released at 14:00: A on
 * time, reached on the 3rd; B promised at noon (late), never called, back
 * for rework on the 10th (C); D on time, no answer on the 3rd, reached on
 * the 9th (its call was due at the end of the working day on the 5th); Q's
 * brakes failed the process check twice before passing, reached on the 4th.
 */
async function march() {
  const r = await rig('2026-03-02T09:00');
  const { s } = r;
  const received = at('2026-03-02T09:00');
  const promised = at('2026-03-04T18:00');
  let A = await openCarOrder(s, { receivedAt: received, promisedAt: promised });
  let B = await openCarOrder(s, { receivedAt: received, promisedAt: at('2026-03-02T12:00') });
  let D = await openCarOrder(s, { receivedAt: received, promisedAt: promised });
  let Q = await openCarOrder(s, { receivedAt: received, promisedAt: promised });
  A = await passAll(s, A);
  B = await passAll(s, B);
  D = await passAll(s, D);
  const [brakes, wiper] = Q.items;
  for (let i = 0; i < 2; i++) {
    Q = await work(s, Q.id, brakes!.itemId);
    Q = await inspect(s, Q, brakes!.itemId, 'self');
    Q = await inspect(s, Q, brakes!.itemId, 'process', 'fail');
  }
  Q = await workAndPass(s, Q.id, brakes!.itemId);
  Q = await workAndPass(s, Q.id, wiper!.itemId);
  Q = await deskSide(s, Q);
  expect(Q.failures).toBe(2);

  await r.set('2026-03-02T14:00');
  for (const o of [A, B, D, Q]) await s.t.must('order.release', { orderId: o.id }, s.clerk.session.token);
  await r.set('2026-03-03T11:00');
  await followUp(s, A.id, 'reached');
  await followUp(s, D.id, 'no_answer');
  await r.set('2026-03-04T10:00');
  await followUp(s, Q.id, 'reached');
  await r.set('2026-03-09T10:00');
  await followUp(s, D.id, 'reached');
  await r.set('2026-03-10T10:00');
  const C = await s.t.must<OrderDetail>(
    'order.returnForRework',
    {
      originalNumber: B.number,
      items: [{ title: '刹车异响', trade: 'mechanical' }],
      readingsBefore: readingsFor('car_repair'),
      promisedAt: at('2026-03-11T18:00'),
    },
    s.clerk.session.token,
  );
  return { r, A, B, C, D, Q };
}

describe('repair KPIs at the desk', () => {
  let m: Awaited<ReturnType<typeof march>>;
  beforeAll(async () => {
    m = await march();
  }, SLOW);
  afterAll(() => m.r.s.t.close());

  it('keeps one order_facts row per order, the same after a rebuild', () => {
    const { s } = m.r;
    const rows = factsRows(s.t) as Record<string, unknown>[];
    expect(rows.map((r) => r.order_id)).toEqual([m.A.id, m.B.id, m.D.id, m.Q.id, m.C.id]);
    expect(Object.keys(rows[0]!)).toEqual(['_rowid', 'order_id', ...Object.values(ORDER_FACT_COLUMNS)]);
    const byId = new Map(rows.map((r) => [r.order_id, r]));
    // B: late, back within the window (the return written after B's row rewrote B's facts).
    expect(byId.get(m.B.id)).toMatchObject({
      received_day: '2026-03-02',
      released_day: '2026-03-02',
      on_time: 0,
      first_time_fix: 0,
      callback_in_time: null,
      qc_failures: 0,
      rework: 0,
      // The end of the working day (17:30) on the 5th, in Shanghai.
      follow_up_due_ms: Date.parse(at('2026-03-05T17:30')),
    });
    expect(byId.get(m.Q.id)).toMatchObject({
      on_time: 1,
      first_time_fix: 1,
      callback_in_time: 1,
      qc_failures: 2,
    });
    expect(byId.get(m.D.id)).toMatchObject({ on_time: 1, first_time_fix: 1, callback_in_time: 0 });
    expect(byId.get(m.C.id)).toMatchObject({
      received_day: '2026-03-10',
      rework: 1,
      released_ms: null,
      on_time: null,
      first_time_fix: null,
    });
    s.t.core.rebuild();
    expect(factsRows(s.t)).toEqual(rows);
  });

  it(
    'analysis.run gives the hand-computed repair KPIs, equal to order.kpis of the month',
    async () => {
      const { s } = m.r;
      const a = await s.t.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null },
        s.boss.session.token,
      );
      expect(a.repair).toEqual({
        // A, B, D, Q and the return C.
        received: 5,
        released: 4,
        // A, D and Q not back; B back after 8 days, within 30.
        firstTimeFix: { yes: 3, known: 4, rate: 3 / 4, windowDays: 30 },
        // B promised at noon, released at two.
        onTimeDelivery: { yes: 3, known: 4, rate: 3 / 4 },
        // Every call was due on the 5th: A (the 3rd) and Q (the 4th) in time; D (the 9th) late; B never.
        callbackWithin3Days: { yes: 2, known: 4, rate: 2 / 4, pending: 0 },
        qcFailures: { count: 2, perOrder: 2 / 5, orders: 1, alerted: 0 },
        reworkReturns: { count: 1, rate: 1 / 4 },
      });
      expect(a.unavailable.repair).toBeUndefined();

      const k = await s.t.must<OrderKpisView>('order.kpis', { month: '2026-03' }, s.boss.session.token);
      expect(k.released).toBe(a.repair?.released);
      expect(k.firstTimeFix).toMatchObject({ numerator: 3, denominator: 4 });
      expect(k.onTimeDelivery).toMatchObject({ numerator: 3, denominator: 4 });
      expect(k.followUpInTime).toMatchObject({ numerator: 2, denominator: 4, pending: 0 });

      // February had no order; a case filter leaves orders out: not recorded, never 0.
      const feb = await s.t.must<AnalysisResult>(
        'analysis.run',
        { period: { fromDay: '2026-02-01', toDay: '2026-03-01' }, compare: null },
        s.boss.session.token,
      );
      expect(feb.repair).toBeNull();
      expect(feb.unavailable.repair).toBe('not_recorded');
      const filtered = await s.t.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null, where: { mainCategory: 'banking' } },
        s.boss.session.token,
      );
      expect(filtered.repair).toBeNull();
      expect(filtered.unavailable.repair).toBe('not_recorded');
      // The desk's own branch is every order; another branch has none.
      const own = await s.t.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null, where: { branch: 'GZ' } },
        s.boss.session.token,
      );
      expect(own.repair).toEqual(a.repair);
      const other = await s.t.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null, where: { branch: 'SZ' } },
        s.boss.session.token,
      );
      expect(other.repair).toBeNull();
    },
    SLOW,
  );
});
