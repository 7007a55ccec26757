/**
 * The shop's figures through DeskApi (issue 11, item 6): order.kpis and
 * order.qcReport over a month of a few orders worked on a desk whose clock
 * the test sets (released on time and late, a rework return, failed
 * inspections, a refused release, follow-up calls in time and late), with
 * every figure asserted exactly; who may read them; bad periods.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import type { OrderKpisView, QcReportView } from '../../shared/contract/methods/orderReports';
import {
  inspect,
  openCarOrder,
  readingsFor,
  refused,
  work,
  type Person,
  type Shop,
  clockedShop,
  passAll,
  recordFollowUp,
} from './desk-orders-fixtures';

/** A local time in the branch's zone (Asia/Shanghai). */
const at = (local: string) => new Date(`${local}:00+08:00`).toISOString();

/** Signing in and every signature hash a password: slow on a busy machine. */
const SLOW = 180_000;

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

interface Rig {
  s: Shop;
  set(local: string): Promise<void>;
}

async function rig(start: string): Promise<Rig> {
  const c = await clockedShop(Date.parse(at(start)));
  // Signers type their credentials; only these call with a session after the clock moves.
  const people: Person[] = [c.s.clerk, c.s.qc, c.s.boss];
  return { s: c.s, set: (local) => c.set(Date.parse(at(local)), people) };
}

const followUp = (s: Shop, orderId: string, outcome: 'reached' | 'no_answer') =>
  recordFollowUp(s, s.clerk, orderId, outcome);

/**
 * March 2026: A on time, B late (promised at noon, released at two) and back
 * for rework on the 10th (C), D on time but its follow-up call reached the
 * customer only after the due day; F failed its wiper's final check and its
 * brakes' self-check (signed by the second lead), and a release was refused.
 */
async function march(): Promise<{ r: Rig; A: OrderDetail; B: OrderDetail; D: OrderDetail; F: OrderDetail }> {
  const r = await rig('2026-03-02T09:00');
  const { s } = r;
  const promised = at('2026-03-04T18:00');
  let A = await openCarOrder(s, { receivedAt: at('2026-03-02T09:00'), promisedAt: promised });
  let B = await openCarOrder(s, { receivedAt: at('2026-03-02T09:00'), promisedAt: at('2026-03-02T12:00') });
  let D = await openCarOrder(s, { receivedAt: at('2026-03-02T09:00'), promisedAt: promised });
  let F = await openCarOrder(s, { receivedAt: at('2026-03-02T09:00'), promisedAt: promised });
  A = await passAll(s, A);
  B = await passAll(s, B);
  D = await passAll(s, D);
  const [brakes, wiper] = F.items;
  F = await work(s, F.id, wiper!.itemId);
  F = await inspect(s, F, wiper!.itemId, 'self');
  F = await inspect(s, F, wiper!.itemId, 'final', 'fail');
  F = await work(s, F.id, brakes!.itemId);
  F = await inspect(s, F, brakes!.itemId, 'self', 'fail', [{ login: s.lead2.login, secret: s.lead2.secret }]);

  await r.set('2026-03-02T14:00');
  for (const o of [A, B, D]) await s.t.must('order.release', { orderId: o.id }, s.clerk.session.token);
  await refused(s, 'order.release', { orderId: F.id }, s.clerk.session.token);

  await r.set('2026-03-03T11:00');
  await followUp(s, A.id, 'reached');
  await followUp(s, D.id, 'no_answer');
  await r.set('2026-03-09T10:00'); // D's call was due at the end of the working day on the 5th
  await followUp(s, D.id, 'reached');

  await r.set('2026-03-10T10:00');
  await s.t.must<OrderDetail>(
    'order.returnForRework',
    {
      originalNumber: B.number,
      items: [{ title: '刹车异响', trade: 'mechanical' }],
      readingsBefore: readingsFor('car_repair'),
      promisedAt: at('2026-03-11T18:00'),
    },
    s.clerk.session.token,
  );
  return { r, A, B, D, F };
}

describe('a month of orders', () => {
  let m: Awaited<ReturnType<typeof march>>;
  beforeAll(async () => {
    m = await march();
  }, SLOW);
  afterAll(() => m.r.s.t.close());

  it(
    'order.qcReport: inspections, failures by item, trade and team lead, rework and refused releases',
    async () => {
      const { s } = m.r;
      const q = await s.t.must<QcReportView>('order.qcReport', { month: '2026-03' }, s.boss.session.token);
      expect(q).toMatchObject({ branchCode: 'GZ', branchName: '广州天河支行', ordersRead: 5 });
      // A, B, D: brakes (a safety item) self, process, final and the wiper self, final: 5 passes each.
      // F: the wiper's self pass and final fail, the brakes' self fail.
      expect(q.inspections).toEqual({
        self: { pass: 7, fail: 1 },
        process: { pass: 3, fail: 0 },
        final: { pass: 6, fail: 1 },
        total: { pass: 16, fail: 2 },
      });
      expect(q.itemFailures).toBe(2);
      expect(q.failuresByItem).toEqual([
        { title: '更换前刹车片', count: 1 },
        { title: '更换雨刮', count: 1 },
      ]);
      expect(q.failuresByTrade).toEqual([{ trade: 'mechanical', label: '机修', count: 2 }]);
      // The wiper's self-check was signed by the lead, the brakes' failed self-check by the second lead.
      expect(q.failuresByLead).toHaveLength(2);
      expect(q.failuresByLead).toEqual(
        expect.arrayContaining([
          { lead: s.lead.id, name: 'lead lead', count: 1 },
          { lead: s.lead2.id, name: 'lead leadtwo', count: 1 },
        ]),
      );
      // C came back in March; A, B and D were released in it.
      expect(q.rework).toMatchObject({ numerator: 1, denominator: 3 });
      expect(q.refusedReleases).toEqual({
        count: 1,
        orders: 1,
        byReason: [
          { code: 'desk_check_missing', count: 1 },
          { code: 'final_check_failed', count: 1 },
          { code: 'item_not_finished', count: 1 },
          { code: 'parts_not_reconciled', count: 1 },
        ],
      });

      const en = await s.t.call('order.qcReport', { month: '2026-03' }, s.boss.session.token, 'en');
      expect(en.ok && (en.value as QcReportView).failuresByTrade[0]?.label).toBe('Mechanical');

      const feb = await s.t.must<QcReportView>('order.qcReport', { month: '2026-02' }, s.boss.session.token);
      expect(feb).toMatchObject({ ordersRead: 0, itemFailures: 0, failuresByItem: [] });
      expect(feb.rework.value).toBe('n/a');
    },
    SLOW,
  );

  it(
    'order.kpis: first-time fix, on-time delivery and follow-ups in time for the month',
    async () => {
      const { r } = m;
      const { s } = r;
      let k = await s.t.must<OrderKpisView>('order.kpis', { month: '2026-03' }, s.boss.session.token);
      expect(k).toMatchObject({
        month: '2026-03',
        from: '2026-02-28T16:00:00.000Z',
        to: '2026-03-31T16:00:00.000Z',
        timeZone: 'Asia/Shanghai',
        reworkWindowDays: 30,
        released: 3,
        // A and D not back (their windows still open on the 10th); B came back.
        firstTimeFix: { numerator: 2, denominator: 3, windowOpen: 2 },
        onTimeDelivery: { numerator: 2, denominator: 3 },
        // All three calls were due on the 5th; only A's reached the customer by then.
        followUpInTime: { numerator: 1, denominator: 3, pending: 0 },
      });
      expect(k.firstTimeFix.value).toBeCloseTo(2 / 3);

      // A week's window: B came back after 8 days, so it counts as fixed the first time.
      k = await s.t.must<OrderKpisView>(
        'order.kpis',
        { month: '2026-03', reworkWindowDays: 7 },
        s.qc.session.token,
      );
      expect(k.firstTimeFix).toMatchObject({ numerator: 3, denominator: 3, value: 1 });

      await r.set('2026-04-20T10:00');
      k = await s.t.must<OrderKpisView>('order.kpis', { month: '2026-03' }, s.boss.session.token);
      expect(k.firstTimeFix).toMatchObject({ numerator: 2, denominator: 3, windowOpen: 0 });

      // A month with nothing released: every figure n/a, not 0.
      k = await s.t.must<OrderKpisView>('order.kpis', { month: '2026-02' }, s.boss.session.token);
      expect(k.released).toBe(0);
      expect([k.firstTimeFix.value, k.onTimeDelivery.value, k.followUpInTime.value]).toEqual([
        'n/a',
        'n/a',
        'n/a',
      ]);
    },
    SLOW,
  );
});

describe('order.kpis', () => {
  it(
    'leaves calls not yet due out of the figure',
    async () => {
      const r = await rig('2026-03-02T09:00');
      shop = r.s;
      const { s } = r;
      const A = await passAll(s, await openCarOrder(s, { promisedAt: at('2026-03-02T18:00') }));
      await s.t.must('order.release', { orderId: A.id }, s.clerk.session.token);
      const k = await s.t.must<OrderKpisView>(
        'order.kpis',
        { from: at('2026-03-02T00:00'), to: at('2026-03-03T00:00') },
        s.boss.session.token,
      );
      expect(k.month).toBeNull();
      expect(k.followUpInTime).toEqual({ numerator: 0, denominator: 0, value: 'n/a', pending: 1 });
      expect(k.onTimeDelivery).toEqual({ numerator: 1, denominator: 1, value: 1 });
    },
    SLOW,
  );
});

describe('order.qcReport', () => {
  it(
    'is for the workshop manager, QC and administrators, and refuses bad periods',
    async () => {
      const { s } = await rig('2026-03-02T09:00');
      shop = s;
      const e = await refused(s, 'order.qcReport', { month: '2026-03' }, s.clerk.session.token);
      expect(e.code).toBe('forbidden');
      await refused(s, 'order.kpis', { month: '2026-03' }, s.lead.session.token);
      await s.t.must('order.qcReport', { month: '2026-03' }, s.admin.session.token);
      const backwards = await refused(
        s,
        'order.kpis',
        { from: at('2026-03-02T00:00'), to: at('2026-03-01T00:00') },
        s.boss.session.token,
      );
      expect(backwards.code).toBe('invalid_input');
      expect(backwards.fields?.to).toContain('晚于');
      const long = await refused(
        s,
        'order.qcReport',
        { from: at('2025-01-01T00:00'), to: at('2026-03-01T00:00') },
        s.boss.session.token,
      );
      expect(long.fields?.to).toContain('367');
      expect((await refused(s, 'order.kpis', { month: '2026-13' }, s.boss.session.token)).code).toBe(
        'invalid_input',
      );
      expect(
        (
          await refused(
            s,
            'order.kpis',
            { month: '2026-03', from: at('2026-03-01T00:00') },
            s.boss.session.token,
          )
        ).code,
      ).toBe('invalid_input');
    },
    SLOW,
  );
});
