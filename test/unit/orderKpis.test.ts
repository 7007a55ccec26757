/**
 * The shop's KPIs and the monthly QC report (shared/domain/orders/kpis.ts):
 * every figure hand-computed from a few orders written as events and folded
 * (released on time and late, a rework return inside and one outside the
 * window, follow-up calls in time and late, failed inspections of items and
 * of the whole order, a hand-over between trades, refused releases).
 */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldOrder } from '../../shared/domain/orders/fold';
import {
  DAY_MS,
  isMonth,
  itemHistory,
  monthPeriod,
  orderKpis,
  qcReport,
  ratio,
  type ReportOrder,
} from '../../shared/domain/orders/kpis';
import type { OrderState } from '../../shared/domain/orders/state';
import { BRAKES, directory, item, OIL, OrderWriter, readyOrder, sig, STAFF, T0 } from './order-fixtures';

const MIN = 60_000;
const dir = directory();
const id = (n: number) => `0193a1b2-c3d4-7e5f-8a9b-0000000000${String(n).padStart(2, '0')}`;
const iso = (min: number) => new Date(T0 + min * MIN).toISOString();
const DAY = 24 * 60; // minutes

function fold(events: EventEnvelope[]): OrderState {
  const s = foldOrder(events, dir);
  if (!s) throw new Error('no order');
  return s;
}

function followUp(w: OrderWriter, at: number, outcome: 'reached' | 'no_answer') {
  return w.ev(
    'order.followed_up',
    {
      at: iso(at),
      outcome,
      reachedWho: outcome === 'reached' ? '本人' : '',
      satisfaction: outcome === 'reached' ? 5 : null,
      comment: '',
    },
    at,
  );
}

function reworkReturn(w: OrderWriter, of: OrderWriter, at: number) {
  return w.opened([item(9, { title: '刹车异响', origin: 'rework' })], at, {
    number: `WO-GZ01-20261130-00${w.orderId.slice(-2)}`,
    reworkOf: { orderId: of.orderId, number: 'WO-GZ01-20261130-0001', releasedAt: iso(120) },
  });
}

// A: on time (promised at +480 min), released at 110, reached 1 day later.
const wA = new OrderWriter(id(1));
const A = [...readyOrder(wA), wA.release(110), followUp(wA, 110 + DAY, 'reached')];
// B: promised at +100, released late at 120, never called; came back 5 days later (C).
const wB = new OrderWriter(id(2));
const B = [
  wB.opened([BRAKES, OIL], 0, { promisedAt: iso(100) }),
  ...readyOrder(wB).slice(1),
  wB.release(120),
];
const wC = new OrderWriter(id(3));
const C = [reworkReturn(wC, wB, 5 * DAY)];
// D: on time at 130; no answer the next day, reached on day 4 (past its 3-day due time); came back after 36 days (E).
const wD = new OrderWriter(id(4));
const D = [
  ...readyOrder(wD),
  wD.release(130),
  followUp(wD, 130 + DAY, 'no_answer'),
  followUp(wD, 130 + 4 * DAY, 'reached'),
];
const wE = new OrderWriter(id(5));
const E = [reworkReturn(wE, wD, 36 * DAY)];

const orders = [A, B, C, D, E].map(fold);
const P = { fromMs: T0 + 105 * MIN, toMs: T0 + 20 * DAY_MS };

describe('ratio and periods', () => {
  it('is n/a, not 0, over a zero denominator', () => {
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, value: 'n/a' });
    expect(ratio(0, 4)).toEqual({ numerator: 0, denominator: 4, value: 0 });
    expect(ratio(1, 4).value).toBe(0.25);
  });

  it('makes a month of local days in the zone', () => {
    const china = () => 8 * 3600_000;
    expect(monthPeriod('2026-11', china)).toEqual({
      fromMs: Date.parse('2026-10-31T16:00:00Z'),
      toMs: Date.parse('2026-11-30T16:00:00Z'),
    });
    expect(monthPeriod('2026-12', china).toMs).toBe(Date.parse('2026-12-31T16:00:00Z'));
    // Berlin: +1 h until 2026-03-29T01:00Z, +2 h after.
    const berlin = (t: number) => (t < Date.parse('2026-03-29T01:00:00Z') ? 3600_000 : 7200_000);
    expect(monthPeriod('2026-03', berlin)).toEqual({
      fromMs: Date.parse('2026-02-28T23:00:00Z'),
      toMs: Date.parse('2026-03-31T22:00:00Z'),
    });
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(() => monthPeriod('2026-1', china)).toThrow();
  });
});

describe('KPIs', () => {
  it('gives first-time fix, on-time delivery and follow-ups in time', () => {
    const k = orderKpis(orders, [], P, { nowMs: T0 + 40 * DAY_MS });
    expect(k.released).toBe(3); // A, B, D
    // A and D not back within 30 days (D came back after 36); B came back after 5.
    expect(k.firstTimeFix).toEqual({ numerator: 2, denominator: 3, value: 2 / 3, windowOpen: 0 });
    // B was promised at +100 min and released at +120.
    expect(k.onTimeDelivery).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // All three calls are due; only A's reached the customer by its due time.
    expect(k.followUpInTime).toEqual({ numerator: 1, denominator: 3, value: 1 / 3, pending: 0 });
    expect(k.reworkWindowDays).toBe(30);
  });

  it('takes the window as a parameter and rework returns given apart', () => {
    const short = orderKpis(orders, [], P, { nowMs: T0 + 40 * DAY_MS, reworkWindowDays: 3 });
    expect(short.firstTimeFix.value).toBe(1); // B came back after 5 days, outside 3
    const apart = orderKpis(
      [A, B, D].map(fold),
      [{ orderId: wC.orderId, reworkOf: wB.orderId, receivedAt: iso(5 * DAY) }],
      P,
      { nowMs: T0 + 40 * DAY_MS },
    );
    expect(apart.firstTimeFix).toMatchObject({ numerator: 2, denominator: 3 });
    const long = orderKpis(orders, [], P, { nowMs: T0 + 40 * DAY_MS, reworkWindowDays: 60 });
    expect(long.firstTimeFix).toMatchObject({ numerator: 1, denominator: 3 }); // D's return now counts
    // A return dated before the release it follows (the fold flags it) is no comeback of that release.
    const early = orderKpis(
      [A, B, D].map(fold),
      [{ orderId: wC.orderId, reworkOf: wB.orderId, receivedAt: iso(60) }],
      P,
      { nowMs: T0 + 40 * DAY_MS },
    );
    expect(early.firstTimeFix).toMatchObject({ numerator: 3, denominator: 3 });
  });

  it('leaves calls not yet due out and says how many windows are still open', () => {
    const early = orderKpis(orders, [], P, { nowMs: T0 + 2 * DAY_MS });
    expect(early.followUpInTime).toEqual({ numerator: 0, denominator: 0, value: 'n/a', pending: 3 });
    expect(early.firstTimeFix.windowOpen).toBe(2); // A and D
    const due = orderKpis(orders, [], P, {
      nowMs: T0 + 40 * DAY_MS,
      followUpDueMs: (released) => released + 5 * DAY_MS, // D's call on day 4 is in time now
    });
    expect(due.followUpInTime).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('is n/a everywhere for a period with nothing released', () => {
    const k = orderKpis(orders, [], { fromMs: T0 - 40 * DAY_MS, toMs: T0 }, { nowMs: T0 + 40 * DAY_MS });
    expect(k.released).toBe(0);
    expect(k.firstTimeFix.value).toBe('n/a');
    expect(k.onTimeDelivery.value).toBe('n/a');
    expect(k.followUpInTime.value).toBe('n/a');
  });
});

// F: failures of items and of the whole order, a hand-over to the electricians, refused releases.
const wF = new OrderWriter(id(6));
const Y = item(7, { title: '更换空滤', origin: 'found' });
const F = [
  wF.opened([BRAKES, OIL], 0),
  wF.start(BRAKES, 10),
  wF.start(OIL, 11),
  wF.ev(
    'order.release_refused',
    {
      reasons: [
        `item_not_finished:${BRAKES.itemId}`,
        `item_not_finished:${OIL.itemId}`,
        'desk_check_missing:quote_matched',
        'parts_not_reconciled',
      ],
    },
    50,
  ),
  wF.finish(BRAKES, 60),
  wF.finish(OIL, 61),
  wF.inspect('self', OIL, 'pass', [sig('lead', 'lead', 69)], 69),
  wF.inspect('self', BRAKES, 'pass', [sig('lead', 'lead', 70)], 70),
  wF.inspect('process', BRAKES, 'fail', [sig('lead2', 'lead', 71), sig('qc', 'qc', 71)], 71),
  wF.inspect('final', OIL, 'fail', [sig('qc', 'qc', 72)], 72),
  wF.start(OIL, 75),
  wF.finish(OIL, 76),
  wF.inspect('self', OIL, 'pass', [sig('lead2', 'lead', 77)], 77),
  wF.start(BRAKES, 80),
  wF.ev(
    'order.item_handed',
    {
      itemId: BRAKES.itemId,
      fromTrade: 'mechanical',
      toTrade: 'electrical',
      acceptedBy: sig('qc', 'qc', 85),
      note: '',
    },
    85,
  ),
  wF.finish(BRAKES, 90),
  wF.inspect('self', BRAKES, 'fail', [sig('lead2', 'lead', 95)], 95),
  wF.start(BRAKES, 100, STAFF.lead, 'electrical'),
  wF.finish(BRAKES, 105),
  wF.inspect('self', BRAKES, 'pass', [sig('lead', 'lead', 110)], 110),
  wF.inspect('process', BRAKES, 'pass', [sig('lead', 'lead', 111), sig('qc', 'qc', 111)], 111),
  wF.inspect('final', BRAKES, 'pass', [sig('qc', 'qc', 112)], 112),
  wF.inspect('final', null, 'fail', [sig('qc2', 'qc', 120)], 120),
  wF.ev(
    'order.release_refused',
    { reasons: [`final_check_failed:${BRAKES.itemId}`, 'desk_check_missing:quote_matched', '手写的原因'] },
    125,
  ),
  wF.ev('order.item_added', { item: Y, note: '' }, 130),
];
const stateF = fold(F);
const QP = { fromMs: T0, toMs: T0 + 20 * DAY_MS };

describe('the QC report', () => {
  it('the fixture folds without flags', () => {
    expect(stateF.flags).toEqual([]);
    expect(stateF.failedInspections).toBe(4);
  });

  it('counts inspections by kind and result, failures by item, trade and team lead', () => {
    const rows: ReportOrder[] = [
      ...orders.map((state) => ({ state })),
      { state: stateF, history: itemHistory(stateF, F) },
    ];
    const r = qcReport(rows, QP);
    // A, B, D: self 2, process 1, final 2 passes each. F: self 4 passes (69, 70, 77, 110) and 1 fail (95);
    // process 1 pass (111), 1 fail (71); final 1 pass (112), 2 fails (72, and the order-wide one at 120).
    expect(r.inspections).toEqual({
      self: { pass: 10, fail: 1 },
      process: { pass: 4, fail: 1 },
      final: { pass: 7, fail: 2 },
      total: { pass: 21, fail: 4 },
    });
    // 71 brakes, 72 oil, 95 brakes, 120 brakes and oil (Y was added after).
    expect(r.itemFailures).toBe(5);
    expect(r.failuresByItem).toEqual([
      { title: '更换刹车片', count: 3 },
      { title: '更换机油', count: 2 },
    ]);
    // Brakes were with the mechanics at 71 and with the electricians (handed at 85) at 95 and 120.
    expect(r.failuresByTrade).toEqual([
      { trade: 'mechanical', count: 3 },
      { trade: 'electrical', count: 2 },
    ]);
    // The self-check signer: lead for 71, 72 (oil's self at 69), 120 brakes (self at 110);
    // lead2 for 95 (its own self-check) and 120 oil (self at 77). Not lead2 who co-signed the process fail at 71.
    expect(r.failuresByLead).toEqual([
      { lead: STAFF.lead, count: 3 },
      { lead: STAFF.lead2, count: 2 },
    ]);
    // Released A, B, D; C came back in the period, E after it.
    expect(r.rework).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(r.refusedReleases).toEqual({
      count: 2,
      orders: 1,
      byReason: [
        { code: 'desk_check_missing', count: 2 },
        { code: 'final_check_failed', count: 1 },
        { code: 'item_not_finished', count: 1 },
        { code: 'other', count: 1 },
        { code: 'parts_not_reconciled', count: 1 },
      ],
    });
  });

  it('without the events, attributes failures to today’s items and trades', () => {
    const r = qcReport([{ state: stateF }], QP);
    expect(r.itemFailures).toBe(6); // the order-wide fail also lands on Y, waiting for consent now
    expect(r.failuresByTrade).toEqual([
      { trade: 'electrical', count: 3 },
      { trade: 'mechanical', count: 3 },
    ]);
    expect(r.failuresByLead).toContainEqual({ lead: null, count: 1 });
  });

  it('keeps an item the fold raised to safety among the items added later', () => {
    // Written non-safety by a faulty desk: the fold keeps it, raised and flagged safety_raised.
    const w = new OrderWriter(id(8));
    const brakeFluid = item(9, { title: '更换刹车油', origin: 'found', safety: false });
    const events = [w.opened([OIL], 0), w.ev('order.item_added', { item: brakeFluid, note: '' }, 30)];
    const state = fold(events);
    expect(state.flags.map((f) => f.reason)).toEqual(['safety_raised']);
    expect(state.items.find((i) => i.item.itemId === brakeFluid.itemId)?.item.safety).toBe(true);
    const added = itemHistory(state, events).added;
    expect([...added.keys()]).toEqual([brakeFluid.itemId]);
  });

  it('counts only what happened in the period', () => {
    const r = qcReport([{ state: stateF, history: itemHistory(stateF, F) }], {
      fromMs: T0 + 121 * MIN,
      toMs: T0 + DAY_MS,
    });
    expect(r.inspections.total).toEqual({ pass: 0, fail: 0 });
    expect(r.itemFailures).toBe(0);
    expect(r.failuresByItem).toEqual([]);
    expect(r.refusedReleases.count).toBe(1);
    expect(r.rework.value).toBe('n/a');
  });
});
