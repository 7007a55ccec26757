/**
 * One work order's facts for the repair KPIs of the supervisors' analysis
 * (issue 14 item 3, last bullet; docs/analysis.md "Repair KPIs", decision
 * 0044): the small flat `order_facts` row every replica (the desk's order
 * projector, head office's on SQLite and PostgreSQL) writes from this one
 * function, so the same orders give the same KPIs everywhere (./repair.ts).
 *
 * The definitions are those of the shop's own figures (`order.kpis`,
 * shared/domain/orders/kpis.ts, docs/repair.md "Figures"), kept per order:
 *
 * - on time: released at or before the promised time (1), later (0); null
 *   while not released;
 * - first-time fix: released, not itself a rework return, and no rework
 *   return (返修) of it received within DEFAULT_REWORK_WINDOW_DAYS (30) of
 *   its release (1), one was (0); null while not released and for a rework
 *   return (it is counted as a return, not as a fix). A window still open
 *   counts as fixed, as `order.kpis` counts it (`windowOpen`): no event
 *   arrives when a window closes, and the row does not read the clock;
 * - follow-up call: due ORDER_FOLLOW_UP_DAYS (3) calendar days after release
 *   at the end of that working day on the branch calendar in force at
 *   release (the callback queue's due time); `callbackInTime` 1 when the
 *   first call that reached the customer was at or before it, 0 when after,
 *   null while none has reached the customer. Whether an unreached call is
 *   late depends on "now": the analysis asks that at query time from
 *   `followUpDueMs` (./repair.ts);
 * - QC failures: the order's counted failed inspections (an order-wide fail
 *   once), as the three-failures alert counts them.
 *
 * Deterministic (no clock) and pure; runtime-neutral.
 */
import { wallDay } from '../analysisFacts';
import type { SettingsAt } from '../deadlines/caseDeadlines';
import { endOfWorkingDay } from '../deadlines/businessTime';
import { hlcWallMs } from '../kernel/hlc';
import { DAY_MS, DEFAULT_REWORK_WINDOW_DAYS, firstReachedMs, plainFollowUpDue } from '../orders/kpis';
import { ORDER_FOLLOW_UP_DAYS, type OrderState } from '../orders/state';

export interface OrderFacts {
  receivedMs: number;
  /** The receipt as the branch's wall date, `YYYY-MM-DD`. */
  receivedDay: string;
  kind: string;
  /** The service advisor who opened the order. */
  owner: string;
  status: string;
  /** 1 for a rework return (返修: the order names the original it returns). */
  rework: 0 | 1;
  promisedMs: number;
  /** The release's time (its event's HLC wall time), null while not released. */
  releasedMs: number | null;
  /** The release as the branch's wall date, null while not released. */
  releasedDay: string | null;
  /** Released at or before the promised time: 1, later: 0; null while not released. */
  onTime: 0 | 1 | null;
  /** See the file's comment; null while not released and for a rework return. */
  firstTimeFix: 0 | 1 | null;
  /** The follow-up call's due time, null while not released. */
  followUpDueMs: number | null;
  /** The first reached call at or before the due time: 1, after it: 0; null while none reached. */
  callbackInTime: 0 | 1 | null;
  /** Counted failed inspections (an order-wide fail once). */
  qcFailures: number;
}

/** What the replica knows beyond the order's own events: its rework returns. */
export interface OrderFactsExtras {
  /** `receivedAt` of every rework return of this order (orders whose `reworkOf` names it). */
  returnsReceivedAt: readonly string[];
}

/** Each fact's column; the desk and server migrations create exactly these (plus `order_id`, and `branch` at head office). */
export const ORDER_FACT_COLUMNS = {
  receivedMs: 'received_ms',
  receivedDay: 'received_day',
  kind: 'kind',
  owner: 'owner',
  status: 'status',
  rework: 'rework',
  promisedMs: 'promised_ms',
  releasedMs: 'released_ms',
  releasedDay: 'released_day',
  onTime: 'on_time',
  firstTimeFix: 'first_time_fix',
  followUpDueMs: 'follow_up_due_ms',
  callbackInTime: 'callback_in_time',
  qcFailures: 'qc_failures',
} as const satisfies Record<keyof OrderFacts, string>;

export type OrderFactColumn = (typeof ORDER_FACT_COLUMNS)[keyof OrderFacts];

export const ORDER_TEXT_COLUMNS: ReadonlySet<OrderFactColumn> = new Set<OrderFactColumn>([
  'received_day',
  'kind',
  'owner',
  'status',
  'released_day',
]);

export const ORDER_NOT_NULL_COLUMNS: ReadonlySet<OrderFactColumn> = new Set<OrderFactColumn>([
  'received_ms',
  'received_day',
  'kind',
  'owner',
  'status',
  'rework',
  'promised_ms',
  'qc_failures',
]);

const UTC = 'UTC';

/** The facts of `state`; without `settingsAt`, days are UTC dates and the call is due 3 × 24 h after release. */
export function orderFacts(
  state: OrderState,
  settingsAt?: SettingsAt,
  extras?: OrderFactsExtras,
): OrderFacts {
  const receivedMs = Date.parse(state.receivedAt);
  const promisedMs = Date.parse(state.promisedAt);
  const released = state.released === null ? null : hlcWallMs(state.released.hlc);
  const zoneAt = (ms: number) => (settingsAt ? settingsAt(ms).calendar.timeZone : UTC);
  let firstTimeFix: 0 | 1 | null = null;
  let followUpDueMs: number | null = null;
  let callbackInTime: 0 | 1 | null = null;
  if (released !== null) {
    if (state.reworkOf === null) {
      const windowMs = DEFAULT_REWORK_WINDOW_DAYS * DAY_MS;
      const back = (extras?.returnsReceivedAt ?? []).some((at) => {
        const t = Date.parse(at);
        return Number.isFinite(t) && t - released <= windowMs;
      });
      firstTimeFix = back ? 0 : 1;
    }
    followUpDueMs = settingsAt
      ? endOfWorkingDay(settingsAt(released).calendar, released + ORDER_FOLLOW_UP_DAYS * DAY_MS)
      : plainFollowUpDue(released);
    // A calendar with no working day ahead gives Infinity: no due time to judge by.
    if (!Number.isFinite(followUpDueMs)) followUpDueMs = null;
    const reached = firstReachedMs(state);
    if (reached !== null) callbackInTime = followUpDueMs === null || reached <= followUpDueMs ? 1 : 0;
  }
  return {
    receivedMs,
    receivedDay: wallDay(receivedMs, zoneAt(receivedMs)),
    kind: state.kind,
    owner: state.owner,
    status: state.status,
    rework: state.reworkOf === null ? 0 : 1,
    promisedMs,
    releasedMs: released,
    releasedDay: released === null ? null : wallDay(released, zoneAt(released)),
    onTime: released === null ? null : released <= promisedMs ? 1 : 0,
    firstTimeFix,
    followUpDueMs,
    callbackInTime,
    qcFailures: state.failedInspections,
  };
}

/** The facts as a row keyed by column name, for an insert on either engine. */
export function orderFactsRow(f: OrderFacts): Record<OrderFactColumn, string | number | null> {
  const row = {} as Record<OrderFactColumn, string | number | null>;
  for (const [k, col] of Object.entries(ORDER_FACT_COLUMNS) as [keyof OrderFacts, OrderFactColumn][]) {
    row[col] = f[k];
  }
  return row;
}
