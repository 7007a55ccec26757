/**
 * The repair KPIs of the supervisors' analysis (issue 14 item 3, last
 * bullet; docs/analysis.md "Repair KPIs", decision 0044), counted over the
 * `order_facts` rows (./orderFacts.ts) by two groupings compiled for SQLite
 * or PostgreSQL, as the case figures are (./sql.ts): the same text but for
 * the placeholders, every value a parameter, every identifier from the fixed
 * tables below. So the desk and head office on either engine count by one
 * definition.
 *
 * The order groupings have their own small compiler rather than the case
 * one: they read another table with other columns, filter by the receipt's
 * or the release's day, and compare a due time with "now", none of which
 * the case groupings need; keeping them apart leaves the case statements
 * exactly as they are. Runtime-neutral and pure apart from the runner.
 */
import { DEFAULT_REWORK_WINDOW_DAYS } from '../orders/kpis';
import { ORDER_FAILURE_ALERT_AT } from '../orders/state';
import type { Dialect, CompiledGrouping } from './sql';

/** 0/1 facts a measure may count. */
const ORDER_FLAGS = {
  onTime: 'on_time',
  firstTimeFix: 'first_time_fix',
  callbackInTime: 'callback_in_time',
  rework: 'rework',
} as const;
export type OrderFlag = keyof typeof ORDER_FLAGS;

/** The day column a period filters: the order's receipt or its release. */
const ORDER_DAYS = { received: 'received_day', released: 'released_day' } as const;

export type OrderMeasure =
  /** Orders. */
  | { kind: 'count' }
  /** Orders whose flag is 1 (with `dueBy`: and whose follow-up call was due by then). */
  | { kind: 'yes'; flag: OrderFlag; dueBy?: number }
  /** Orders whose flag is known (0 or 1). */
  | { kind: 'known'; flag: OrderFlag }
  /** The sum of the QC failures. */
  | { kind: 'failures' }
  /** Orders with at least `value` QC failures. */
  | { kind: 'failedAtLeast'; value: number }
  /** Orders whose follow-up call was due at or before `nowMs`. */
  | { kind: 'dueBy'; nowMs: number };

export interface OrderGrouping {
  /** Which day the period reads. */
  on: keyof typeof ORDER_DAYS;
  /** `YYYY-MM-DD`, inclusive. */
  fromDay: string;
  /** `YYYY-MM-DD`, exclusive. */
  toDay: string;
  /** Head office: one branch's orders (the desk's facts have no branch column). */
  branch?: string;
  measures: Record<string, OrderMeasure>;
}

/** Runs one order grouping on the replica's engine: the measures by name (one row of totals). */
export type OrderGroupingRunner = (
  g: OrderGrouping,
) => Record<string, number> | Promise<Record<string, number>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function problem(g: OrderGrouping): string | null {
  if (!(g.on in ORDER_DAYS)) return 'unknown day';
  if (!DAY.test(g.fromDay) || !DAY.test(g.toDay)) return 'days are YYYY-MM-DD';
  if (g.fromDay >= g.toDay) return 'the period is empty';
  const names = Object.keys(g.measures);
  if (names.length === 0) return 'no measure';
  for (const n of names) if (!/^[a-z][A-Za-z0-9]*$/.test(n)) return `measure name ${n}`;
  for (const m of Object.values(g.measures)) {
    if ((m.kind === 'yes' || m.kind === 'known') && !(m.flag in ORDER_FLAGS)) return 'unknown flag';
    const n =
      m.kind === 'dueBy' ? m.nowMs : m.kind === 'yes' ? m.dueBy : m.kind === 'failedAtLeast' ? m.value : 0;
    if (n !== undefined && !Number.isSafeInteger(n)) return 'numbers are integers';
  }
  return null;
}

/** The statement for `g` over `order_facts` (throws on a grouping it refuses). */
export function compileOrderGrouping(g: OrderGrouping, dialect: Dialect): CompiledGrouping {
  const why = problem(g);
  if (why !== null) throw new RangeError(`order grouping: ${why}`);
  const params: (string | number)[] = [];
  const param = (v: string | number): string => {
    params.push(v);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const measure = (m: OrderMeasure): string => {
    switch (m.kind) {
      case 'count':
        return 'count(*)';
      case 'yes':
        return m.dueBy === undefined
          ? `count(CASE WHEN ${ORDER_FLAGS[m.flag]} = 1 THEN 1 END)`
          : `count(CASE WHEN ${ORDER_FLAGS[m.flag]} = 1 AND follow_up_due_ms <= ${param(m.dueBy)} THEN 1 END)`;
      case 'known':
        return `count(${ORDER_FLAGS[m.flag]})`;
      case 'failures':
        return 'coalesce(sum(qc_failures), 0)';
      case 'failedAtLeast':
        return `count(CASE WHEN qc_failures >= ${param(m.value)} THEN 1 END)`;
      case 'dueBy':
        return `count(CASE WHEN follow_up_due_ms <= ${param(m.nowMs)} THEN 1 END)`;
    }
  };
  // In name order, so the text does not depend on key order; quoted for PostgreSQL's case folding.
  const select = Object.keys(g.measures)
    .sort()
    .map((n) => `${measure(g.measures[n]!)} AS "${n}"`);
  const day = ORDER_DAYS[g.on];
  const where = [`${day} >= ${param(g.fromDay)}`, `${day} < ${param(g.toDay)}`];
  if (g.branch !== undefined) where.push(`branch = ${param(g.branch)}`);
  return { sql: `SELECT ${select.join(', ')} FROM order_facts WHERE ${where.join(' AND ')}`, params };
}

/** The row as the driver returns it (PostgreSQL's count is a bigint string, its sum a numeric one). */
export function readOrderRow(
  g: OrderGrouping,
  row: Record<string, unknown> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of Object.keys(g.measures)) out[n] = Number(row?.[n] ?? 0);
  return out;
}

export interface OrderRate {
  yes: number;
  known: number;
  /** yes / known; null when nothing is known. */
  rate: number | null;
}

export interface RepairKpis {
  /** Orders received in the period (rework returns included). */
  received: number;
  /** Orders released in the period. */
  released: number;
  /** Of the orders released in the period that are not rework returns: no rework return within the window. */
  firstTimeFix: OrderRate & { windowDays: number };
  /** Of the orders released in the period: released at or before the promised time. */
  onTimeDelivery: OrderRate;
  /** Of the orders released in the period whose follow-up call is due by now: reached by the due time. */
  callbackWithin3Days: OrderRate & { pending: number };
  /** Failed inspections of the orders received in the period; `orders` with at least one; `alerted` with three or more. */
  qcFailures: { count: number; perOrder: number | null; orders: number; alerted: number };
  /** Rework returns received in the period; `rate` per order released in the period. */
  reworkReturns: { count: number; rate: number | null };
}

export interface RepairOptions {
  /** "Now": a follow-up call due later is pending, not judged. */
  nowMs: number;
  /** Head office: one branch. */
  branch?: string;
}

const share = (yes: number, known: number): OrderRate => ({
  yes,
  known,
  rate: known > 0 ? yes / known : null,
});

/** The repair KPIs of `period`, or null when it has no work order (none received, none released). */
export async function repairKpis(
  run: OrderGroupingRunner,
  period: { fromDay: string; toDay: string },
  opts: RepairOptions,
): Promise<RepairKpis | null> {
  const base = {
    fromDay: period.fromDay,
    toDay: period.toDay,
    ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
  };
  const received = await run({
    ...base,
    on: 'received',
    measures: {
      orders: { kind: 'count' },
      returns: { kind: 'yes', flag: 'rework' },
      failures: { kind: 'failures' },
      failedOrders: { kind: 'failedAtLeast', value: 1 },
      alerted: { kind: 'failedAtLeast', value: ORDER_FAILURE_ALERT_AT },
    },
  });
  const released = await run({
    ...base,
    on: 'released',
    measures: {
      orders: { kind: 'count' },
      onTimeYes: { kind: 'yes', flag: 'onTime' },
      onTimeKnown: { kind: 'known', flag: 'onTime' },
      fixYes: { kind: 'yes', flag: 'firstTimeFix' },
      fixKnown: { kind: 'known', flag: 'firstTimeFix' },
      callDue: { kind: 'dueBy', nowMs: opts.nowMs },
      callInTime: { kind: 'yes', flag: 'callbackInTime', dueBy: opts.nowMs },
    },
  });
  const r = (n: string) => received[n] ?? 0;
  const d = (n: string) => released[n] ?? 0;
  if (r('orders') === 0 && d('orders') === 0) return null;
  return {
    received: r('orders'),
    released: d('orders'),
    firstTimeFix: { ...share(d('fixYes'), d('fixKnown')), windowDays: DEFAULT_REWORK_WINDOW_DAYS },
    onTimeDelivery: share(d('onTimeYes'), d('onTimeKnown')),
    callbackWithin3Days: { ...share(d('callInTime'), d('callDue')), pending: d('orders') - d('callDue') },
    qcFailures: {
      count: r('failures'),
      perOrder: r('orders') > 0 ? r('failures') / r('orders') : null,
      orders: r('failedOrders'),
      alerted: r('alerted'),
    },
    reworkReturns: { count: r('returns'), rate: d('orders') > 0 ? r('returns') / d('orders') : null },
  };
}
