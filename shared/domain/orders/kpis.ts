/**
 * After delivery (issue 11, item 6): the shop's KPIs and the monthly QC
 * report, computed from folded orders (./state.ts). Pure and
 * runtime-neutral: the desk reads the states from its projection and hands
 * them here; every figure is defined in docs/repair.md ("Figures").
 *
 * Times: a period is [fromMs, toMs). An event's time is its HLC's wall
 * time, as the order view shows it. A ratio whose denominator is zero is
 * 'n/a', never 0.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { compareEvents, compareFoldKeys, foldKey } from '../kernel/foldKey';
import { hlcWallMs } from '../kernel/hlc';
import { instantOfWall } from '../kernel/time';
import { decodeGap, type GateCode } from './gate';
import { INSPECTIONS, type Inspection } from './payloads';
import { FLAGS_WITH_EFFECT, gateItems, ORDER_FOLLOW_UP_DAYS, type ItemState, type OrderState } from './state';

export const DAY_MS = 86_400_000;

/** A set period after release in which a rework return means the order was not fixed the first time. */
export const DEFAULT_REWORK_WINDOW_DAYS = 30;

/** A ratio; `value` is numerator / denominator in [0, 1], or 'n/a' when the denominator is zero. */
export interface Figure {
  numerator: number;
  denominator: number;
  value: number | 'n/a';
}

export function ratio(numerator: number, denominator: number): Figure {
  return { numerator, denominator, value: denominator === 0 ? 'n/a' : numerator / denominator };
}

/** [fromMs, toMs). */
export interface ReportPeriod {
  fromMs: number;
  toMs: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for `YYYY-MM` with a month 01..12. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/**
 * The calendar month `YYYY-MM` in a time zone given by its offset function
 * (ms east of UTC at an instant: local wall time = t + offset): from the
 * first local midnight of the month to the first of the next.
 */
export function monthPeriod(month: string, offsetAt: (t: number) => number): ReportPeriod {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return {
    fromMs: instantOfWall(Date.UTC(y, mo - 1, 1), offsetAt),
    toMs: instantOfWall(Date.UTC(y, mo, 1), offsetAt),
  };
}

const within = (t: number, p: ReportPeriod) => t >= p.fromMs && t < p.toMs;
const wall = (hlc: string) => hlcWallMs(hlc);

/** When the order was released (its release event's time), or null. */
export function releasedMs(s: OrderState): number | null {
  return s.released === null ? null : wall(s.released.hlc);
}

// ---------------------------------------------------------------- KPIs

/** A rework return (返修) as the KPIs need it: which order it returns and when the customer came back. */
export interface ReworkReturnRef {
  orderId: string;
  reworkOf: string;
  receivedAt: string;
}

export interface KpiOptions {
  /** "Now": a follow-up call not due yet, or a rework window still open, is not judged yet. */
  nowMs: number;
  reworkWindowDays?: number;
  /** The follow-up call's due time for a release (the desk: end of the working day 3 days later). */
  followUpDueMs?: (releasedMs: number) => number;
}

export interface OrderKpis {
  period: ReportPeriod;
  reworkWindowDays: number;
  /** Orders released in the period. */
  released: number;
  /** Released in the period (rework returns aside) and no rework return within the window after release. */
  firstTimeFix: Figure & { windowOpen: number };
  /** Released in the period at or before the promised time. */
  onTimeDelivery: Figure;
  /** Of the calls due by now for orders released in the period, those that reached the customer by the due time. */
  followUpInTime: Figure & { pending: number };
}

/** Default due time: ORDER_FOLLOW_UP_DAYS calendar days after release (the desk passes the branch calendar's). */
export const plainFollowUpDue = (released: number) => released + ORDER_FOLLOW_UP_DAYS * DAY_MS;

/** When the customer was first reached by a follow-up call, or null. */
export function firstReachedMs(s: OrderState): number | null {
  let first: number | null = null;
  for (const f of s.followUps) {
    if (f.outcome !== 'reached') continue;
    const t = Date.parse(f.at);
    if (Number.isFinite(t) && (first === null || t < first)) first = t;
  }
  return first;
}

/**
 * The KPIs of `period`. `orders` must hold every order released in the
 * period; `returns` the rework returns of those orders (rework returns among
 * `orders` count too).
 */
export function orderKpis(
  orders: readonly OrderState[],
  returns: readonly ReworkReturnRef[],
  period: ReportPeriod,
  opts: KpiOptions,
): OrderKpis {
  const windowDays = opts.reworkWindowDays ?? DEFAULT_REWORK_WINDOW_DAYS;
  const windowMs = windowDays * DAY_MS;
  const due = opts.followUpDueMs ?? plainFollowUpDue;
  const returnsOf = new Map<string, number[]>();
  const seen = new Set<string>();
  const addReturn = (r: ReworkReturnRef) => {
    if (seen.has(r.orderId)) return;
    seen.add(r.orderId);
    const t = Date.parse(r.receivedAt);
    if (!Number.isFinite(t)) return;
    returnsOf.set(r.reworkOf, [...(returnsOf.get(r.reworkOf) ?? []), t]);
  };
  for (const r of returns) addReturn(r);
  for (const s of orders) {
    if (s.reworkOf) addReturn({ orderId: s.id, reworkOf: s.reworkOf.orderId, receivedAt: s.receivedAt });
  }

  let released = 0;
  let onTime = 0;
  let fixBase = 0;
  let fixed = 0;
  let windowOpen = 0;
  let callsDue = 0;
  let callsInTime = 0;
  let pending = 0;
  for (const s of orders) {
    const at = releasedMs(s);
    if (at === null || !within(at, period)) continue;
    released += 1;
    if (at <= Date.parse(s.promisedAt)) onTime += 1;
    if (s.reworkOf === null) {
      fixBase += 1;
      // A return received before the release it follows is not one (the fold flags it).
      const back = (returnsOf.get(s.id) ?? []).some((t) => t >= at && t - at <= windowMs);
      if (!back) {
        fixed += 1;
        if (opts.nowMs < at + windowMs) windowOpen += 1;
      }
    }
    const dueMs = due(at);
    if (!(dueMs <= opts.nowMs)) {
      pending += 1;
      continue;
    }
    callsDue += 1;
    const reached = firstReachedMs(s);
    if (reached !== null && reached <= dueMs) callsInTime += 1;
  }
  return {
    period,
    reworkWindowDays: windowDays,
    released,
    firstTimeFix: { ...ratio(fixed, fixBase), windowOpen },
    onTimeDelivery: ratio(onTime, released),
    followUpInTime: { ...ratio(callsInTime, callsDue), pending },
  };
}

// ---------------------------------------------------------------- QC report

/** What the fold's state does not keep but the report needs: when each item joined, changed trade or was refused. */
export interface ItemHistory {
  /** itemId -> fold key at which it was added (absent: on the opening). */
  added: Map<string, string>;
  /** itemId -> fold key of the customer's refusal. */
  refused: Map<string, string>;
  /** itemId -> [fold key, trade] of each start and hand-over, in fold order. */
  trades: Map<string, [string, string][]>;
}

/**
 * The items' history from the order's events, counting only events the fold
 * gave effect (a flagged start or hand-over is skipped; a repeated id once).
 */
export function itemHistory(state: OrderState, events: readonly EventEnvelope[]): ItemHistory {
  const noEffect = new Set(state.flags.filter((f) => !FLAGS_WITH_EFFECT.has(f.reason)).map((f) => f.eventId));
  const h: ItemHistory = { added: new Map(), refused: new Map(), trades: new Map() };
  const seen = new Set<string>();
  for (const e of [...events].sort(compareEvents)) {
    if (seen.has(e.id) || noEffect.has(e.id)) continue;
    seen.add(e.id);
    const p = e.payload as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object') continue;
    const key = foldKey(e);
    if (e.type === 'order.item_added') {
      const item = p.item as { itemId?: unknown } | undefined;
      if (typeof item?.itemId === 'string' && !h.added.has(item.itemId)) h.added.set(item.itemId, key);
    } else if (e.type === 'order.consent_recorded' && p.consent === 'refused') {
      if (typeof p.itemId === 'string') h.refused.set(p.itemId, key);
    } else if (e.type === 'order.item_started' || e.type === 'order.item_handed') {
      const trade = e.type === 'order.item_started' ? p.trade : p.toTrade;
      if (typeof p.itemId !== 'string' || typeof trade !== 'string') continue;
      h.trades.set(p.itemId, [...(h.trades.get(p.itemId) ?? []), [key, trade]]);
    }
  }
  return h;
}

export interface ReportOrder {
  state: OrderState;
  /** From itemHistory; without it an order-wide fail covers today's items and a failure takes the item's trade now. */
  history?: ItemHistory;
}

export type InspectionCounts = Record<Inspection | 'total', { pass: number; fail: number }>;

export interface QcReport {
  period: ReportPeriod;
  /** Counted inspections signed in the period, by kind and result (an order-wide inspection once). */
  inspections: InspectionCounts;
  /** Items sent back by a failed inspection in the period (an order-wide fail: each item it covered). */
  itemFailures: number;
  failuresByItem: { title: string; count: number }[];
  failuresByTrade: { trade: string; count: number }[];
  /** The team lead: the `lead` signer of the item's latest self-check at or before the failure; null: none. */
  failuresByLead: { lead: string | null; count: number }[];
  /** Rework returns received in the period over orders released in the period. */
  rework: Figure;
  /** Release attempts the gate refused in the period; by reason: attempts naming that gap (once per attempt). */
  refusedReleases: { count: number; orders: number; byReason: { code: GateCode | 'other'; count: number }[] };
}

const before = (a: string, b: string) => compareFoldKeys(a, b) < 0;

/** The items an inspection at `key` covered (`itemId` null: every item in the gate then). */
function covered(s: OrderState, itemId: string | null, key: string, h?: ItemHistory): ItemState[] {
  if (itemId !== null) return s.items.filter((i) => i.item.itemId === itemId);
  if (!h) return gateItems(s);
  return s.items.filter((i) => {
    const id = i.item.itemId;
    const added = h.added.get(id);
    const refused = h.refused.get(id);
    return (added === undefined || before(added, key)) && (refused === undefined || !before(refused, key));
  });
}

function tradeAt(it: ItemState, key: string, h?: ItemHistory): string {
  if (!h) return it.trade;
  let trade = it.item.trade;
  for (const [k, t] of h.trades.get(it.item.itemId) ?? []) if (before(k, key)) trade = t;
  return trade;
}

function leadAt(s: OrderState, itemId: string, key: string): string | null {
  let lead: string | null = null;
  for (const r of s.inspections) {
    if (compareFoldKeys(r.key, key) > 0) break;
    if (r.inspection !== 'self' || (r.itemId !== null && r.itemId !== itemId)) continue;
    lead = r.signatures.find((g) => g.role === 'lead')?.signer ?? lead;
  }
  return lead;
}

function bump<K>(m: Map<K, number>, k: K, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** Most first, then by name (null last): a stable table. */
function ranked<K extends string | null>(m: Map<K, number>): [K, number][] {
  return [...m].sort(
    (a, b) =>
      b[1] - a[1] || (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
}

/** The QC report of `period` over the orders that had anything in it (the desk: one shop's orders). */
export function qcReport(orders: readonly ReportOrder[], period: ReportPeriod): QcReport {
  const inspections = Object.fromEntries(
    [...INSPECTIONS, 'total'].map((k) => [k, { pass: 0, fail: 0 }]),
  ) as InspectionCounts;
  const byItem = new Map<string, number>();
  const byTrade = new Map<string, number>();
  const byLead = new Map<string | null, number>();
  const byReason = new Map<GateCode | 'other', number>();
  let itemFailures = 0;
  let released = 0;
  let returns = 0;
  let refused = 0;
  const refusedOrders = new Set<string>();
  for (const { state: s, history } of orders) {
    const rel = releasedMs(s);
    if (rel !== null && within(rel, period)) released += 1;
    if (s.reworkOf !== null && within(Date.parse(s.receivedAt), period)) returns += 1;
    for (const r of s.inspections) {
      if (!within(wall(r.hlc), period)) continue;
      inspections[r.inspection][r.result] += 1;
      inspections.total[r.result] += 1;
      if (r.result !== 'fail') continue;
      for (const it of covered(s, r.itemId, r.key, history)) {
        itemFailures += 1;
        bump(byItem, it.item.title);
        bump(byTrade, tradeAt(it, r.key, history));
        bump(byLead, leadAt(s, it.item.itemId, r.key));
      }
    }
    for (const a of s.releaseAttempts) {
      if (!within(wall(a.hlc), period)) continue;
      refused += 1;
      refusedOrders.add(s.id);
      const codes = new Set(a.reasons.map((x) => decodeGap(x)?.code ?? 'other'));
      for (const c of codes) bump(byReason, c);
    }
  }
  return {
    period,
    inspections,
    itemFailures,
    failuresByItem: ranked(byItem).map(([title, count]) => ({ title, count })),
    failuresByTrade: ranked(byTrade).map(([trade, count]) => ({ trade, count })),
    failuresByLead: ranked(byLead).map(([lead, count]) => ({ lead, count })),
    rework: ratio(returns, released),
    refusedReleases: {
      count: refused,
      orders: refusedOrders.size,
      byReason: ranked(byReason).map(([code, count]) => ({ code, count })),
    },
  };
}
