/**
 * The desk's alerts (issue 9, item 8): raised by the scheduler's sweep from
 * `case_work`, each once per (case, rule, kind, ref, attempt, owner), where
 * the attempt is the instant that identifies the occurrence: the due time (a
 * deadline moved later alerts again; for contacts and callbacks whose
 * attempts ran out too, so a contact entered late but dated earlier does not
 * alert twice, while a case closed again has a new callback due time).
 * Desk-local: neither synced
 * nor rebuilt; acknowledging one is this desk's business.
 *
 * Who sees what: every staff member their own due-soon and overdue items; a
 * supervisor or admin also every overdue item, exhausted contact and
 * unreachable callback of the branch. The owner and the supervisors each
 * acknowledge for themselves (migration 0025). The once-key holds the owner
 * too: a reassigned case alerts its new owner.
 *
 * Work orders (issue 11): an order with three failed inspections alerts the
 * supervisors once (rule and kind `order_failures`, the order's id in
 * `case_id`, its number shown as the alert's number), from the `orders`
 * projection's `failures` column. An order's follow-up call past due and not
 * done raises `overdue` (kind `order_follow_up`, attempt its due time) to the
 * order's receiver (`owner`), seen by supervisors as a case's overdue
 * callback is.
 *
 * A sweep looks back `ALERT_LOOKBACK_MS` (7 days): a deadline that passed, or
 * attempts that ran out, longer ago raise nothing (the desk was not running
 * then, or the history came in by sync); the board still shows them. So a
 * sweep's cost follows the last week's items, not the whole backlog.
 */
import { preparedOnce } from './statements';
import type { Alert, AlertRule } from '../../../../shared/contract/methods/work';
import { ORDER_FAILURE_ALERT_AT } from '../../../../shared/domain/orders/state';
import { ORDER_FOLLOW_UP_DAYS } from '../../../../shared/domain/orders/state';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import type { DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { orderFollowUpDueMs } from './orderCallbacks';

const OPEN = 'w.met_ms IS NULL AND w.ended_ms IS NULL';
export const ALERT_LOOKBACK_MS = 7 * 86_400_000;
/** Failed inspections of one order that alert the supervisors (shared/domain/orders/state.ts). */
const ORDER_FAILURES_AT = ORDER_FAILURE_ALERT_AT;
const DAY_MS = 86_400_000;
/**
 * A follow-up call is due at the end of the working day on which the first working instant 3
 * calendar days after the release falls: never earlier than 3 days after it, and later by at most
 * the longest run of days off on the calendar (the Spring Festival's 8 or 9). So a call that became
 * due within the look-back belongs to an order released between `FOLLOW_UP_SLACK_MS` + 3 days +
 * the look-back ago and 3 days ago: the sweep reads only those (index `orders_follow_up`). A branch
 * closed for longer than the slack raises no alert for calls that fell due behind the closure; the
 * board still lists them.
 */
export const FOLLOW_UP_SLACK_MS = 21 * DAY_MS;
const FOLLOW_UP_MS = ORDER_FOLLOW_UP_DAYS * DAY_MS;
const RAISE = `INSERT OR IGNORE INTO alerts (case_id, rule, kind, ref, attempt, owner, due_ms, raised_ms)`;

/**
 * Two audiences (migration 0025): the owner sees their own items, a
 * supervisor also everyone's but due-soon ones. Each audience acknowledges
 * for itself: the owner's `acked_ms`, the supervisors' `sup_acked_ms` (one
 * supervisor's stands for all), so neither clears the other's bell.
 */
const VISIBLE = `(a.owner = @me OR (@supervising AND a.rule <> 'due_soon'))`;
const UNACKED = `((a.owner = @me AND a.acked_ms IS NULL)
    OR (@supervising AND a.rule <> 'due_soon' AND a.owner IS NOT @me AND a.sup_acked_ms IS NULL))`;
/** When the viewer's audience acknowledged it. */
const ACKED = `CASE WHEN a.owner = @me THEN a.acked_ms ELSE a.sup_acked_ms END AS acked_ms`;

/** The sweep's and the alert list's SQL (exported for the query-plan tests). */
export const ALERT_SQL = {
  overdue: `${RAISE} SELECT c.id, 'overdue', w.kind, w.ref, w.due_ms, w.owner, w.due_ms, @now
    FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE ${OPEN} AND w.due_ms >= @since AND w.due_ms < @now`,
  dueSoon: `${RAISE} SELECT c.id, 'due_soon', w.kind, w.ref, w.due_ms, w.owner, w.due_ms, @now
    FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE ${OPEN} AND w.due_ms >= @now AND w.due_ms <= @soon`,
  // Keyed by the due time: a back-dated attempt moves ended_ms, not the occurrence (migration 0025).
  ended: `${RAISE} SELECT c.id, @rule, w.kind, w.ref, coalesce(w.due_ms, w.ended_ms), w.owner, w.due_ms, @now
    FROM case_work w JOIN cases c ON c.pos = w.case_pos
    WHERE w.kind = @kind AND w.ended_ms >= @since AND w.met_ms IS NULL`,
  orderFailures: `${RAISE} SELECT o.id, 'order_failures', 'order_failures', '', ${ORDER_FAILURES_AT}, NULL, NULL, @now
    FROM orders o WHERE o.failures >= ${ORDER_FAILURES_AT} AND o.updated_at >= @sinceIso`,
  /** Open follow-up calls of orders released in [@from, @to) (ISO): candidates, their due time derived. */
  followUps: `SELECT o.id, o.owner, o.released_at FROM orders o
    WHERE o.follow_up_open = 1 AND o.released_at >= @from AND o.released_at < @to`,
  followUpOverdue: `${RAISE} VALUES (@id, 'overdue', 'order_follow_up', '', @due, @owner, @due, @now)`,
  list: `SELECT a.id, a.case_id, coalesce(c.number, o.number) AS number, a.rule, a.kind, a.ref, a.owner, a.due_ms, a.raised_ms, ${ACKED}
    FROM alerts a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN orders o ON o.id = a.case_id
    WHERE ${VISIBLE} AND (@all OR ${UNACKED})
    ORDER BY a.id DESC LIMIT @limit`,
  unacked: `SELECT count(*) FROM alerts a WHERE ${UNACKED}`,
  one: `SELECT a.id, a.case_id, coalesce(c.number, o.number) AS number, a.rule, a.kind, a.ref, a.owner, a.due_ms, a.raised_ms, ${ACKED}
    FROM alerts a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN orders o ON o.id = a.case_id
    WHERE a.id = @id AND ${VISIBLE}`,
  /** The owner's acknowledgement, the supervisors', or both (a supervisor's own item). */
  ack: `UPDATE alerts SET
      acked_ms = CASE WHEN owner = @me THEN coalesce(acked_ms, @now) ELSE acked_ms END,
      acked_by = CASE WHEN owner = @me THEN coalesce(acked_by, @me) ELSE acked_by END,
      sup_acked_ms = CASE WHEN @supervising THEN coalesce(sup_acked_ms, @now) ELSE sup_acked_ms END,
      sup_acked_by = CASE WHEN @supervising THEN coalesce(sup_acked_by, @me) ELSE sup_acked_by END
    WHERE id = @id`,
};

const statements = preparedOnce(ALERT_SQL);

/**
 * Raises what became due soon, overdue, exhausted or unreachable; returns how many alerts are new.
 * Work orders' follow-up calls need the settings oracle (their due time is derived).
 */
export function raiseAlerts(d: DeskDatabase, clock: WorkClock, settingsAt?: SettingsAt): number {
  const st = statements(d.sqlite);
  const now = clock.nowMs;
  let raised = 0;
  const since = now - ALERT_LOOKBACK_MS;
  raised += st.overdue.run({ now, since }).changes;
  raised += st.dueSoon.run({ now, soon: clock.soonMs }).changes;
  raised += st.ended.run({ now, since, rule: 'contact_exhausted', kind: 'contact' }).changes;
  raised += st.ended.run({ now, since, rule: 'callback_unreachable', kind: 'callback' }).changes;
  raised += st.orderFailures.run({ now, sinceIso: new Date(since).toISOString() }).changes;
  if (settingsAt) raised += raiseFollowUpsOverdue(st, settingsAt, since, now);
  return raised;
}

/** An order's follow-up call that fell due in [since, now) and is not done: one `overdue` alert. */
function raiseFollowUpsOverdue(
  st: ReturnType<typeof statements>,
  settingsAt: SettingsAt,
  since: number,
  now: number,
): number {
  const range = {
    from: new Date(since - FOLLOW_UP_MS - FOLLOW_UP_SLACK_MS).toISOString(),
    to: new Date(now - FOLLOW_UP_MS).toISOString(),
  };
  let raised = 0;
  for (const r of st.followUps.all(range) as { id: string; owner: string; released_at: string }[]) {
    const due = orderFollowUpDueMs(settingsAt, Date.parse(r.released_at));
    if (!Number.isFinite(due) || due < since || due >= now) continue;
    raised += st.followUpOverdue.run({ id: r.id, owner: r.owner, due, now }).changes;
  }
  return raised;
}

interface AlertRow {
  id: number;
  case_id: string;
  number: string | null;
  rule: string;
  kind: string;
  ref: string;
  owner: string | null;
  due_ms: number | null;
  raised_ms: number;
  acked_ms: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function alertOf(r: AlertRow): Alert {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number ?? '',
    rule: r.rule as AlertRule,
    kind: r.kind as Alert['kind'],
    ref: r.ref,
    owner: r.owner,
    dueAt: iso(r.due_ms),
    raisedAt: new Date(r.raised_ms).toISOString(),
    ackedAt: iso(r.acked_ms),
  };
}

export interface Viewer {
  staffId: string;
  supervising: boolean;
}

const who = (v: Viewer) => ({ me: v.staffId, supervising: v.supervising ? 1 : 0 });

export function listAlerts(d: DeskDatabase, v: Viewer, includeAcked: boolean, limit: number) {
  const st = statements(d.sqlite);
  const rows = st.list.all({ ...who(v), all: includeAcked ? 1 : 0, limit }) as AlertRow[];
  return { items: rows.map(alertOf), unacked: Number(st.unacked.pluck().get(who(v)) ?? 0) };
}

/** Acknowledges an alert the viewer sees (again: no change); null when there is none. */
export function ackAlert(d: DeskDatabase, v: Viewer, id: number, nowMs: number): Alert | null {
  const st = statements(d.sqlite);
  if (!st.one.get({ ...who(v), id })) return null;
  st.ack.run({ ...who(v), id, now: nowMs });
  return alertOf(st.one.get({ ...who(v), id }) as AlertRow);
}
